import { Api, Collection, getPage, Sweep } from './bench-sweep';

/** What the server did with many clients paging at once (issue 18: 20 clients, 5,000-record pages). */
export interface ConcurrentFigures {
  clients: number;
  pages: number;
  limit: number;
  seconds: number;
  /** Page times, milliseconds, as the clients saw them. */
  p50: number;
  p99: number;
  serverPeakMb: number;
}

/** The collections the clients page through: the two largest of a sweep. */
const PAGED: readonly Collection[] = ['users', 'enrollments'];

/**
 * `clients` clients at once, each reading `pagesEach` pages of `limit` records, alternately /users and
 * /enrollments, each from its own place in the collection (so they do not all read the same page), with
 * the server's peak RSS reset just before.
 */
export async function concurrentPaging(
  api: Api,
  server: { resetPeakRss(): void; peakRssMb(): number },
  totals: readonly Sweep[],
  options: { clients: number; pagesEach: number; limit: number },
): Promise<ConcurrentFigures> {
  const totalOf = (collection: Collection) => totals.find((sweep) => sweep.collection === collection)!.total;
  const times: number[] = [];
  server.resetPeakRss();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: options.clients }, async (_, client) => {
      for (let k = 0; k < options.pagesEach; k++) {
        const collection = PAGED[k % PAGED.length];
        const pages = Math.max(1, Math.floor(totalOf(collection) / options.limit));
        const offset = ((client * options.pagesEach + k) % pages) * options.limit;
        const query = { limit: String(options.limit), offset: String(offset), filter: "status='active'" };
        const { page } = await getPage(api, `concurrent/${collection}/${client}-${k}`, collection, query);
        times.push(page.ms);
      }
    }),
  );
  const sorted = times.sort((a, b) => a - b);
  const at = (share: number) => sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))];
  return {
    clients: options.clients,
    pages: sorted.length,
    limit: options.limit,
    seconds: (performance.now() - started) / 1000,
    p50: at(0.5),
    p99: at(0.99),
    serverPeakMb: server.peakRssMb(),
  };
}
