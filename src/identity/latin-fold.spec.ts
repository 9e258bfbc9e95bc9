import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldLatin } from './latin-fold';

describe('foldLatin', () => {
  it.each([
    ['Évelien', 'evelien'],
    ['François', 'francois'],
    ['Jürgen', 'jurgen'],
    ['Straße', 'strasse'],
    ['STRAẞE', 'strasse'],
    ['Søren Ærø', 'soren aero'],
    ['Œuvre', 'oeuvre'],
    ['Łukasz Wiśniewski', 'lukasz wisniewski'],
    ['Şükrü Ağaoğlu', 'sukru agaoglu'],
    ['Işıl İnce', 'isil ince'],
    ['Đorđević', 'dordevic'],
    ['Þórður', 'thordur'],
    ['Guðrún', 'gudrun'],
    ['Ħal Ġħaxaq', 'hal ghaxaq'],
    ['Nguyễn Thị Ánh', 'nguyen thi anh'],
    ['Ŋuvvos', 'nguvvos'],
    ['Əliyev', 'eliyev'],
    ['Ĳsbrand', 'ijsbrand'],
    ['Ｆｕｌｌ', 'full'],
    ['ﬁne', 'fine'],
    ['Ǿ', 'o'],
  ])('%s → %s', (input, expected) => {
    expect(foldLatin(input)).toBe(expected);
  });

  it('leaves other scripts, punctuation and emoji alone', () => {
    expect(foldLatin('李 Жанна 😀 D’Hondt')).toBe('李 жанна 😀 d’hondt');
  });

  it('leaves no combining mark behind', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 30 }), (text) => {
        expect(foldLatin(text)).not.toMatch(/\p{M}/u);
      }),
    );
  });
});
