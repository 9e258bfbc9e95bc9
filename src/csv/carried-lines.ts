import { hash } from 'node:crypto';
import { EntityManager, ObjectLiteral } from 'typeorm';
import { CarryRule, NotCarriableError } from '../csv-text/line-carrier';

/**
 * Most stored records of one file an import remembers to carry their unchanged lines (some 60 MB of ids and hashes);
 * a larger file is read whole.
 */
export const CARRY_CAPACITY = 400_000;

/** What the line hashes of one import depend on besides a file's header: a change in any makes every line new. */
export interface LineContext {
  version: string;
  feed: string;
  modes: Record<string, string>;
  encoding: string | null;
  maxLineBytes: number;
}

/** The hash prefix of a file's lines: its header's bytes and the import's context, in 8 characters. */
export function linePrefix(context: LineContext, header: Buffer): string {
  return hash('sha256', Buffer.concat([Buffer.from(JSON.stringify(context)), header]), 'base64url').slice(0, 8);
}

/** Reads every record of a file whole: the line hashes are kept for the next import, nothing is carried. */
export function readWhole(context: LineContext): CarryRule {
  return { prefixFor: (header) => linePrefix(context, header), carry: () => false, strict: false };
}

/** A stored record's line is not seen yet, was carried, or was parsed. */
const enum Seen {
  No,
  Carried,
  Parsed,
}

/**
 * The lines of one bulk file that an import carries: a line byte for byte the one a stored active record of the
 * import's feed was last read from (its line hash) is that record, unchanged, and is not parsed, checked or staged.
 * What the file no longer lists is found here too (`missing`), as the stored records not seen. A stored record seen
 * twice stops the carrying (NotCarriableError): the import is read again whole, and its checks report the duplicate.
 */
export class CarriedLines implements CarryRule {
  readonly strict = true;
  carried = 0;
  /** Each stored record's number, by its line hash (without the prefix), for the lines of the current header. */
  private byLine = new Map<string, number>();
  /** Each stored record's number, by sourcedId, built when the first row is parsed. */
  private byId: Map<string, number> | null = null;
  private readonly seen: Uint8Array;

  constructor(
    private readonly context: LineContext,
    /** The stored active records of the feed: sourcedId and line hash (null when unknown). */
    private readonly stored: StoredLine[],
    /** Told of each carried record, as staged rows tell the staged targets. */
    private readonly onCarried: (sourcedId: string) => void,
  ) {
    this.seen = new Uint8Array(stored.length);
  }

  prefixFor(header: Buffer): string {
    const prefix = linePrefix(this.context, header);
    // Only lines read under the same header and context can be the same lines.
    this.stored.forEach(({ lineHash }, index) => {
      if (lineHash?.startsWith(prefix)) this.byLine.set(lineHash.slice(prefix.length), index);
    });
    return prefix;
  }

  carry(digest: string): boolean {
    const index = this.byLine.get(digest);
    if (index === undefined) return false;
    if (this.seen[index] !== Seen.No) throw new NotCarriableError(`a line appears twice`);
    this.seen[index] = Seen.Carried;
    this.carried++;
    this.onCarried(this.stored[index].sourcedId);
    return true;
  }

  /** A row of the file that was parsed: a stored record already carried is listed twice. */
  parsed(sourcedId: string): void {
    this.byId ??= new Map(this.stored.map(({ sourcedId: id }, index) => [id, index]));
    const index = this.byId.get(sourcedId);
    if (index === undefined) return;
    if (this.seen[index] === Seen.Carried) throw new NotCarriableError(`sourcedId '${sourcedId}' appears twice`);
    this.seen[index] = Seen.Parsed;
  }

  /** The stored active records of the feed the file did not list: bulk semantics mark them tobedeleted. */
  missing(): string[] {
    return this.stored.filter((_, index) => this.seen[index] === Seen.No).map(({ sourcedId }) => sourcedId);
  }
}

export interface StoredLine {
  sourcedId: string;
  lineHash: string | null;
}

/**
 * The stored active records of a feed in one table with their line hashes, for CarriedLines: null when none has a
 * line hash (nothing could be carried) or when there are more than CARRY_CAPACITY.
 */
export async function storedLines(
  manager: EntityManager,
  entity: new () => ObjectLiteral,
  feed: string,
): Promise<StoredLine[] | null> {
  const rows = await manager
    .createQueryBuilder(entity, 'record')
    .select('record.sourcedId', 'sourcedId')
    .addSelect('record.lineHash', 'lineHash')
    .where('record.feed = :feed', { feed })
    .andWhere("record.status = 'active'")
    .limit(CARRY_CAPACITY + 1)
    .getRawMany<StoredLine>();
  if (rows.length > CARRY_CAPACITY || !rows.some((row) => row.lineHash)) return null;
  return rows;
}
