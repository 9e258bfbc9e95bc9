import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HREF_COLLECTION_OF } from '../guid-ref';
import { hasEncodedHref } from './href-scan';

/** The check over the page's text, decoded: what the scan of its bytes must answer for any page. */
function byRegExp(json: string, baseUrl: string): boolean {
  const escape = (text: string) => text.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
  const base = escape(JSON.stringify(baseUrl).slice(1, -1));
  const collections = Object.values(HREF_COLLECTION_OF).join('|');
  return new RegExp(`"href":"(?!${base}/(?:${collections})/[A-Za-z0-9._~-]*")`).test(json);
}

const BASES = [
  'https://rostering.example.org/ims/oneroster/v1p1',
  'http://127.0.0.1:3000/ims/oneroster/v1p1',
  'https://école.example/ims/oneroster/v1p1',
];
const idCharacter = fc.oneof(
  fc.constantFrom(...'abcXYZ019._~-'),
  fc.constantFrom(' ', '"', '\\', '/', 'é', '🙂', '%', '*', "'", '\n'),
);
const id = fc.array(idCharacter, { maxLength: 8 }).map((chars) => chars.join(''));
const href = fc
  .record({
    base: fc.constantFrom(...BASES, 'https://other.example'),
    collection: fc.constantFrom(...Object.values(HREF_COLLECTION_OF), 'teachers'),
    id,
  })
  .map(({ base, collection, id }) => `${base}/${collection}/${id}`);
const ref = fc.record({ href, sourcedId: id, type: fc.constant('user') });
const record = fc.record({
  sourcedId: id,
  user: ref,
  metadata: fc.option(fc.dictionary(fc.constantFrom('href', 'x.href', 'note'), fc.oneof(href, id)), { nil: undefined }),
});

describe('hasEncodedHref', () => {
  it('answers over the bytes as it would over the decoded text, for any page and base URL', () => {
    fc.assert(
      fc.property(fc.array(record, { maxLength: 6 }), fc.constantFrom(...BASES), (records, baseUrl) => {
        const json = JSON.stringify(records);
        expect(hasEncodedHref(Buffer.from(json), baseUrl)).toBe(byRegExp(json, baseUrl));
      }),
      { numRuns: 2000 },
    );
  });

  it('passes plain hrefs and finds one id that needs encoding', () => {
    const base = BASES[0];
    const page = (ids: string[]) =>
      Buffer.from(JSON.stringify(ids.map((i) => ({ user: { href: `${base}/users/${i}`, sourcedId: i } }))));
    expect(hasEncodedHref(page(['u-1', 'u.2', 'U~3']), base)).toBe(false);
    expect(hasEncodedHref(page(['u-1', 'u 2']), base)).toBe(true);
    expect(hasEncodedHref(page(['élève']), base)).toBe(true);
    expect(hasEncodedHref(Buffer.from('[]'), base)).toBe(false);
  });
});
