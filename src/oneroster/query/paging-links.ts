export interface PageLinkInput {
  /** Absolute URL of the collection, without a query string. */
  baseUrl: string;
  /** The other parameters to repeat (filter, sort, orderBy, fields), in that order. */
  query: Record<string, string>;
  offset: number;
  limit: number;
  total: number;
}

/** encodeURIComponent plus the sub-delimiters it leaves alone, so a filter's quotes travel as %27. */
function encodeStrict(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function pageUrl(input: PageLinkInput, offset: number): string {
  const parameters = Object.entries({ ...input.query, limit: String(input.limit), offset: String(offset) })
    .map(([name, value]) => `${name}=${encodeStrict(value)}`)
    .join('&');
  return `${input.baseUrl}?${parameters}`;
}

/**
 * The RFC 8288 `Link` header of a collection page (OneRoster 1.1 REST binding, paging; docs/api.md): first, prev (not on the first
 * page), next (not on the last page) and last. `last` is the final page of the grid that starts at
 * offset 0, so a client that follows `next` from 0 meets it exactly; `prev` never goes below 0.
 */
export function buildLinkHeader(input: PageLinkInput): string {
  const { offset, limit, total } = input;
  const last = total === 0 ? 0 : Math.floor((total - 1) / limit) * limit;
  const links: [string, number][] = [['first', 0]];
  if (offset > 0) links.push(['prev', Math.max(0, offset - limit)]);
  if (offset + limit < total) links.push(['next', offset + limit]);
  links.push(['last', last]);
  return links.map(([rel, at]) => `<${pageUrl(input, at)}>; rel="${rel}"`).join(', ');
}
