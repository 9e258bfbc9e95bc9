import { HREF_COLLECTION_OF } from '../guid-ref';

/** The characters encodeURIComponent leaves as they are, but for !'()*: an id of these alone is its own encoding. */
const UNENCODED_ID = '[A-Za-z0-9._~-]*';

const escapeRegExp = (text: string) => text.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');

/**
 * Whether a page's JSON (UTF-8) has an href (or what might be one: a metadata key "href") other than the base URL, a
 * collection and an id that needs no encoding. One scan of the bytes read one by one (latin1), the base URL's too: a
 * character outside ASCII in an href is outside the id's characters either way. Checking each id in SQL (GLOB, ltrim)
 * cost a third of an /enrollments page; looking each href up with Buffer.indexOf and compare, seven times this scan.
 */
export function hasEncodedHref(json: Buffer, baseUrl: string): boolean {
  const base = escapeRegExp(Buffer.from(JSON.stringify(baseUrl).slice(1, -1)).toString('latin1'));
  const collections = Object.values(HREF_COLLECTION_OF).join('|');
  return new RegExp(`"href":"(?!${base}/(?:${collections})/${UNENCODED_ID}")`).test(json.toString('latin1'));
}
