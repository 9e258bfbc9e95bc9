/** The five collections SDS syncs, in its order (Microsoft School Data Sync's OneRoster connector). */
export const COLLECTIONS = ['academicSessions', 'orgs', 'users', 'classes', 'enrollments'] as const;
export type Collection = (typeof COLLECTIONS)[number];

const API_PATH = '/ims/oneroster/v1p1';
/** The server's page size when a request has no `limit` (docs/api.md). */
const DEFAULT_LIMIT = 100;

export interface Page {
  offset: number;
  records: number;
  /** From the request to the last byte of the answer. */
  ms: number;
  /** The client's JSON.parse of the answer, after `ms`. */
  parseMs: number;
  /** From the server's X-Sql-Statements header (BENCH_SQL_LOG). */
  statements: number;
}

export interface Sweep {
  /** Names this sweep's requests in the SQL log: X-Request-Id is `<label>/<collection>/<offset>`. */
  label: string;
  collection: Collection;
  limit: number;
  total: number;
  records: number;
  /**
   * The time the client spent getting its pages: the sweep's wall time less its own JSON.parse of them (`parseMs`),
   * which the floors it is compared with (a dump written out, rows serialised) do not do either.
   */
  ms: number;
  parseMs: number;
  pages: Page[];
}

export interface Api {
  baseUrl: string;
  token: string;
}

/** Client credentials with HTTP Basic, as SDS asks for its token. */
export async function getToken(baseUrl: string, clientId: string, clientSecret: string): Promise<Api> {
  const res = await fetch(`${baseUrl}/oauth/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: 'grant_type=client_credentials',
  });
  if (!res.ok) throw new Error(`token: ${res.status} ${await res.text()}`);
  return { baseUrl, token: ((await res.json()) as { access_token: string }).access_token };
}

/** Reads every page of a collection as SDS does: offsets advance by the records received until X-Total-Count. */
export async function sweep(
  api: Api,
  label: string,
  collection: Collection,
  query: Record<string, string>,
): Promise<Sweep> {
  const result: Sweep = {
    label,
    collection,
    limit: Number(query.limit ?? DEFAULT_LIMIT),
    total: 0,
    records: 0,
    ms: 0,
    parseMs: 0,
    pages: [],
  };
  const started = performance.now();
  do {
    const page = await getPage(api, `${label}/${collection}/${result.records}`, collection, {
      ...query,
      offset: String(result.records),
    });
    result.total = page.total;
    result.pages.push(page.page);
    result.records += page.page.records;
    result.parseMs += page.page.parseMs;
    if (page.page.records === 0) break;
  } while (result.records < result.total);
  result.ms = performance.now() - started - result.parseMs;
  return result;
}

export async function getPage(api: Api, requestId: string, collection: Collection, query: Record<string, string>) {
  const url = `${api.baseUrl}${API_PATH}/${collection}?${new URLSearchParams(query)}`;
  const started = performance.now();
  const res = await fetch(url, { headers: { authorization: `Bearer ${api.token}`, 'x-request-id': requestId } });
  const body = await res.text();
  const ms = performance.now() - started;
  if (!res.ok) throw new Error(`${url}: ${res.status} ${body.slice(0, 500)}`);
  const parsing = performance.now();
  const records = (JSON.parse(body) as Record<string, unknown[]>)[collection].length;
  const page: Page = {
    offset: Number(query.offset),
    records,
    ms,
    parseMs: performance.now() - parsing,
    statements: Number(res.headers.get('x-sql-statements') ?? NaN),
  };
  return { page, total: Number(res.headers.get('x-total-count')) };
}

/** SDS's full sync of every collection. */
export async function fullSweep(api: Api, label: string, limit: number): Promise<Sweep[]> {
  return sweepAll(api, label, { limit: String(limit), filter: "status='active'" });
}

/** SDS's delta sync: no limit (the default page size), only records changed since `since`. */
export async function deltaSweep(api: Api, since: string): Promise<Sweep[]> {
  return sweepAll(api, 'delta', { filter: `dateLastModified>'${since}'` });
}

async function sweepAll(api: Api, label: string, query: Record<string, string>): Promise<Sweep[]> {
  const sweeps: Sweep[] = [];
  for (const collection of COLLECTIONS) sweeps.push(await sweep(api, label, collection, query));
  return sweeps;
}
