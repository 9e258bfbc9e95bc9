import { promisify } from 'node:util';
import { deflateRaw, inflateRaw } from 'node:zlib';

const deflate = promisify(deflateRaw);
const inflate = promisify(inflateRaw);

/**
 * The sourcedIds of a response, packed for the access log: sorted, joined by line feeds (a sourcedId holds no control
 * character: the importer refuses them), deflated, base64. A 5,000-record page of ids like `usr-012345` packs to a
 * few kilobytes, and sorting first lets a page that is a sorted run pack best.
 */
export async function packIds(ids: readonly string[]): Promise<string> {
  return (await deflate(Buffer.from([...ids].sort().join('\n')))).toString('base64');
}

export async function unpackIds(packed: string): Promise<string[]> {
  const text = (await inflate(Buffer.from(packed, 'base64'))).toString('utf8');
  return text === '' ? [] : text.split('\n');
}

/** The least and greatest of the ids, in the order the access log narrows by (JavaScript's, checked in JavaScript). */
export function idRange(ids: readonly string[]): { first: string; last: string } | null {
  if (ids.length === 0) return null;
  let first = ids[0];
  let last = ids[0];
  for (const id of ids) {
    if (id < first) first = id;
    if (id > last) last = id;
  }
  return { first, last };
}
