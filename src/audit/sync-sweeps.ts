/** A logged collection request, as the sync monitor reads it. */
export interface PageRead {
  at: string;
  clientId: string;
  route: string;
  filter: string | null;
  status: number;
  pageOffset: number | null;
  total: number | null;
  records: number | null;
}

export type SweepKind = 'full' | 'delta';

/** One client reading one collection page after page: from offset 0 to the end, or not. */
export interface Sweep {
  clientId: string;
  collection: string;
  kind: SweepKind;
  filter: string | null;
  startedAt: string;
  endedAt: string;
  pages: number;
  records: number;
  /** The collection's total on the last page read. */
  total: number;
  /** Where the next page would start: the end when it is the total. */
  nextOffset: number;
  /** Started at offset 0, skipped no page, and got to the total: what SDS needs before it deactivates anyone. */
  reachedEnd: boolean;
}

/** A client's sweeps close together in time: one sync of SDS. */
export interface SyncRun {
  clientId: string;
  kind: SweepKind;
  startedAt: string;
  endedAt: string;
  /** Every sweep of the run reached the end of its collection. */
  complete: boolean;
  sweeps: Sweep[];
}

/** Sweeps of one client further apart than this belong to different runs (SDS reads its collections back to back). */
export const RUN_GAP_MS = 30 * 60_000;

interface Open extends Sweep {
  fromStart: boolean;
  skipped: boolean;
}

/** A delta read asks for what changed since its last run (OneRoster 1.1: filter on dateLastModified). */
export const kindOf = (filter: string | null): SweepKind => (/dateLastModified/i.test(filter ?? '') ? 'delta' : 'full');

const collectionOf = (route: string) => route.replace(/^\/ims\/oneroster\/v1p1\//, '');

function close(sweep: Open): Sweep {
  const { fromStart, skipped, ...rest } = sweep;
  return { ...rest, reachedEnd: fromStart && !skipped && sweep.nextOffset >= sweep.total };
}

/**
 * The sweeps in a tenant's logged page reads (any order): a sweep starts at offset 0 and goes on with each page of
 * the same client, collection and query (a delta's time may change); a page past where the last one ended means a
 * page was skipped. A refused page (4xx, 5xx) does not move a sweep: the client may ask it again.
 */
export function sweepsOf(reads: readonly PageRead[]): Sweep[] {
  const open = new Map<string, Open>();
  const done: Sweep[] = [];
  const ordered = reads.filter((read) => read.pageOffset !== null && read.status < 400);
  ordered.sort((a, b) => a.at.localeCompare(b.at));
  for (const read of ordered) {
    const kind = kindOf(read.filter);
    const key = JSON.stringify([read.clientId, read.route, kind, kind === 'full' ? (read.filter ?? '') : '']);
    const offset = read.pageOffset!;
    const records = read.records ?? 0;
    const current = open.get(key);
    if (current && offset !== 0) {
      current.skipped ||= offset > current.nextOffset;
      current.pages++;
      current.records += records;
      current.nextOffset = Math.max(current.nextOffset, offset + records);
      current.total = read.total ?? current.total;
      current.endedAt = read.at;
      continue;
    }
    if (current) done.push(close(current));
    open.set(key, {
      clientId: read.clientId,
      collection: collectionOf(read.route),
      kind,
      filter: read.filter,
      startedAt: read.at,
      endedAt: read.at,
      pages: 1,
      records,
      total: read.total ?? 0,
      nextOffset: offset + records,
      reachedEnd: false,
      fromStart: offset === 0,
      skipped: false,
    });
  }
  return [...done, ...[...open.values()].map(close)].sort((a, b) => a.startedAt.localeCompare(b.startedAt));
}

/** A client's sweeps grouped into runs: a sweep joins the run that was active less than RUN_GAP_MS before it. */
export function runsOf(sweeps: readonly Sweep[]): SyncRun[] {
  const runs: SyncRun[] = [];
  const last = new Map<string, SyncRun>();
  for (const sweep of [...sweeps].sort((a, b) => a.startedAt.localeCompare(b.startedAt))) {
    const run = last.get(sweep.clientId);
    if (run && Date.parse(sweep.startedAt) - Date.parse(run.endedAt) <= RUN_GAP_MS) {
      run.sweeps.push(sweep);
      if (sweep.endedAt > run.endedAt) run.endedAt = sweep.endedAt;
      if (sweep.kind === 'full') run.kind = 'full';
      run.complete &&= sweep.reachedEnd;
      continue;
    }
    const started: SyncRun = { ...sweep, complete: sweep.reachedEnd, sweeps: [sweep] };
    runs.push(started);
    last.set(sweep.clientId, started);
  }
  return runs.map(({ clientId, kind, startedAt, endedAt, complete, sweeps }) => ({
    clientId,
    kind,
    startedAt,
    endedAt,
    complete,
    sweeps,
  }));
}
