import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatGradeMap, GradeMapError, parseGradeMap, parseGradeMapCsv, servedGrades } from './grade-map';

describe('grade map', () => {
  it('reads SIS=SDS pairs and resets on default or empty', () => {
    expect(parseGradeMap('1=01, 2=02,1A=07')).toEqual({ '1': '01', '2': '02', '1A': '07' });
    expect(parseGradeMap('default')).toBeNull();
    expect(parseGradeMap('  ')).toBeNull();
  });

  it.each([
    ['1A=7B', "'7B' is not an SDS grade level"],
    ['1A', 'write <SIS grade>=<SDS grade>'],
    ['=07', 'the SIS grade is empty'],
    ['1A=07,1A=08', "'1A' is mapped twice"],
    ['a=b=c', 'write <SIS grade>=<SDS grade>'],
  ])('refuses %s (%s)', (text, message) => {
    expect(() => parseGradeMap(text)).toThrow(GradeMapError);
    expect(() => parseGradeMap(text)).toThrow(message);
  });

  it('reads a CSV with or without a header, comma or semicolon', () => {
    expect(parseGradeMapCsv('\uFEFFSIS grade;SDS grade\r\n1A;07\r\n1B;07\r\n\r\n')).toEqual({ '1A': '07', '1B': '07' });
    expect(parseGradeMapCsv('6,06\n"5",05\n')).toEqual({ '6': '06', '5': '05' });
    expect(() => parseGradeMapCsv('1A;07;x\n')).toThrow('line 1');
  });

  it('serves mapped grades, leaves the others as imported and lists no grade twice', () => {
    const map = { '1A': '07', '1B': '07' };
    expect(servedGrades(['1A', '1B', '6'], map)).toEqual(['07', '6']);
    expect(servedGrades(['1A'], null)).toEqual(['1A']);
    expect(servedGrades(null, map)).toEqual([]);
    expect(servedGrades(['constructor'], map)).toEqual(['constructor']);
  });

  it('formats a map so that parseGradeMap reads it back', () => {
    const sis = fc.stringMatching(/^[0-9A-Za-z-]{1,4}$/);
    const sds = fc.constantFrom('KG', '01', '07', '12', 'Other', 'PS');
    fc.assert(
      fc.property(fc.dictionary(sis, sds, { minKeys: 1 }), (map) => {
        expect(parseGradeMap(formatGradeMap(map))).toEqual(map);
      }),
    );
  });
});
