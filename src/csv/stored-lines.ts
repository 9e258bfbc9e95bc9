import { EntityManager, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { activeOfFeed } from './record-status';

/**
 * Most stored records of one file an import remembers to carry their unchanged lines (some 70 bytes each, 140 MB at
 * this many: the enrollments of a board of 200,000 students); a larger file is read whole.
 */
export const CARRY_CAPACITY = 2_000_000;

/** Records the database joins into one text at a time: what it builds, and the driver copies, stays a few megabytes. */
const RECORDS_PER_TEXT = 100_000;

/** Ends a record's line hash (empty when unknown) and starts its sourcedId. */
const HASH_END = '\u0002';
/** Ends a record in the aggregated text. */
const RECORD_END = '\u0001';

/**
 * The stored active records of one file of a feed, each its line hash (empty when unknown), HASH_END and its sourcedId,
 * in a few texts of many records each: no string per record, and records read in the order the database gave them.
 */
export class StoredLines {
  private constructor(
    private readonly texts: string[],
    /** Which text holds each record. */
    private readonly textOf: Uint16Array,
    /** Where each record starts in its text, and where it ends (its RECORD_END, or the text's end). */
    private readonly starts: Int32Array,
    private readonly ends: Int32Array,
  ) {}

  /**
   * The records of texts the database joined with RECORD_END between them, `counts[i]` in `texts[i]`; undefined when a
   * text does not hold its count.
   */
  static joined(texts: string[], counts: number[]): StoredLines | undefined {
    const total = counts.reduce((sum, count) => sum + count, 0);
    const [textOf, starts, ends] = [new Uint16Array(total), new Int32Array(total), new Int32Array(total)];
    let index = 0;
    for (let which = 0; which < texts.length; which++) {
      const text = texts[which];
      let start = 0;
      for (let n = 0; n < counts[which]; n++, index++) {
        const end = text.indexOf(RECORD_END, start);
        if (end === -1 && n < counts[which] - 1) return undefined;
        textOf[index] = which;
        starts[index] = start;
        ends[index] = end === -1 ? text.length : end;
        start = ends[index] + 1;
      }
      if (start < text.length) return undefined;
    }
    return new StoredLines(texts, textOf, starts, ends);
  }

  /** The records as strings of their own, joined here (a sourcedId may hold RECORD_END). */
  static of(records: string[]): StoredLines {
    const starts = new Int32Array(records.length);
    const ends = new Int32Array(records.length);
    let start = 0;
    records.forEach((record, index) => {
      starts[index] = start;
      ends[index] = start + record.length;
      start = ends[index] + 1;
    });
    return new StoredLines([records.join(RECORD_END)], new Uint16Array(records.length), starts, ends);
  }

  get length(): number {
    return this.starts.length;
  }

  /** Whether any record has a line hash. */
  anyHashed(): boolean {
    return this.starts.some((start, index) => this.textAt(index)[start] !== HASH_END);
  }

  /** Whether the record's line hash is `prefix` and a digest of `digestLength` characters. */
  hashedAs(index: number, prefix: string, digestLength: number): boolean {
    const start = this.starts[index];
    return (
      this.textAt(index).substr(start, prefix.length) === prefix &&
      this.idStart(index) === start + prefix.length + digestLength + 1
    );
  }

  /** Whether the record's line hash holds `digest` from `at` (compared in place: no string made). */
  digestIs(index: number, at: number, digest: string): boolean {
    const [text, from] = [this.textAt(index), this.starts[index] + at];
    for (let i = 0; i < digest.length; i++) if (text.charCodeAt(from + i) !== digest.charCodeAt(i)) return false;
    return from + digest.length <= this.ends[index];
  }

  /** The record's line hash from `at` characters in, as `read` reads a text from an offset (no string made). */
  readHash<T>(index: number, at: number, read: (text: string, offset: number) => T): T {
    return read(this.textAt(index), this.starts[index] + at);
  }

  /** The record's line hash, empty when unknown. */
  lineHash(index: number): string {
    return this.textAt(index).slice(this.starts[index], this.idStart(index) - 1);
  }

  /** The record's sourcedId as `read` reads a range of a text (no string made). */
  readId<T>(index: number, read: (text: string, start: number, end: number) => T): T {
    return read(this.textAt(index), this.idStart(index), this.ends[index]);
  }

  sourcedId(index: number): string {
    return this.textAt(index).slice(this.idStart(index), this.ends[index]);
  }

  private textAt(index: number): string {
    return this.texts[this.textOf[index]];
  }

  /** Where the record's sourcedId starts (its line hash, which never holds HASH_END, ends one before). */
  private idStart(index: number): number {
    return this.textAt(index).indexOf(HASH_END, this.starts[index]) + 1;
  }
}

/** The aggregate that joins strings into one, where the dialect has one: `expression` per row, `:recordEnd` between. */
const AGGREGATES: Partial<Record<string, (expression: string) => string>> = {
  'better-sqlite3': (expression) => `group_concat(${expression}, :recordEnd)`,
  postgres: (expression) => `string_agg(${expression}, CAST(:recordEnd AS VARCHAR(1)))`,
  mssql: (expression) => `STRING_AGG(CAST(${expression} AS NVARCHAR(MAX)), :recordEnd)`,
};

/**
 * The stored active records of a feed in one table with their line hashes, for CarriedLines: null when none has a
 * line hash (nothing could be carried) or when there are more than CARRY_CAPACITY. The database joins them into texts
 * of RECORDS_PER_TEXT: reading 168,000 rows as objects took three times as long (0.3 s on SQLite, 0.25 s on
 * PostgreSQL).
 */
export async function storedLines(
  manager: EntityManager,
  entity: new () => ObjectLiteral,
  feed: string,
  limits: StoredLineLimits = { capacity: CARRY_CAPACITY, recordsPerText: RECORDS_PER_TEXT },
): Promise<StoredLines | null> {
  const lines = await joinedRecords(manager, entity, feed, limits);
  if (lines === TOO_MANY) return null;
  const stored = lines ?? StoredLines.of(await recordRows(manager, entity, feed, limits.capacity));
  return stored.length > limits.capacity || !stored.anyHashed() ? null : stored;
}

/** Most records carried, and records joined into one text at a time (smaller in tests). */
export interface StoredLineLimits {
  capacity: number;
  recordsPerText: number;
}

const TOO_MANY = Symbol('more than CARRY_CAPACITY records');

/**
 * The records as the database joins them, RECORDS_PER_TEXT at a time in sourcedId order; undefined where it cannot,
 * or a sourcedId holds RECORD_END.
 */
async function joinedRecords(
  manager: EntityManager,
  entity: new () => ObjectLiteral,
  feed: string,
  { capacity, recordsPerText }: StoredLineLimits,
): Promise<StoredLines | undefined | typeof TOO_MANY> {
  const aggregate = AGGREGATES[manager.connection.options.type];
  if (!aggregate) return undefined;
  const [texts, counts] = [[] as string[], [] as number[]];
  for (let after: string | undefined, total = 0; ;) {
    const { count, records, last } = await joinedText(manager, aggregate, { entity, feed, after, recordsPerText });
    if (count > 0) {
      texts.push(records);
      counts.push(count);
    }
    total += count;
    if (total > capacity) return TOO_MANY;
    if (count < recordsPerText) return StoredLines.joined(texts, counts);
    after = last;
  }
}

/** The next `recordsPerText` records after the sourcedId `after`, joined: how many, their text, the last one's id. */
async function joinedText(
  manager: EntityManager,
  aggregate: (expression: string) => string,
  {
    entity,
    feed,
    after,
    recordsPerText,
  }: { entity: new () => ObjectLiteral; feed: string; after?: string; recordsPerText: number },
) {
  const column = (name: string) =>
    `${manager.connection.driver.escape('stored')}.${manager.connection.driver.escape(name)}`;
  const row = await manager
    .createQueryBuilder()
    .select('COUNT(1)', 'count')
    .addSelect(
      aggregate(`CONCAT(COALESCE(${column('lineHash')}, ''), CAST(:hashEnd AS VARCHAR(1)), ${column('sourcedId')})`),
      'records',
    )
    .addSelect(`MAX(${column('sourcedId')})`, 'last')
    .from((outer) => {
      const records = activeRecords(outer.subQuery().from(entity, 'record'), feed);
      if (after !== undefined) records.andWhere('record.sourcedId > :after', { after });
      return records.orderBy('record.sourcedId').limit(recordsPerText);
    }, 'stored')
    .setParameters({ hashEnd: HASH_END, recordEnd: RECORD_END })
    .getRawOne<{ count: string | number; records: string | null; last: string | null }>();
  return { count: Number(row?.count ?? 0), records: row?.records ?? '', last: row?.last ?? '' };
}

async function recordRows(manager: EntityManager, entity: new () => ObjectLiteral, feed: string, capacity: number) {
  const rows = await activeRecords(manager.createQueryBuilder(entity, 'record'), feed)
    .limit(capacity + 1)
    .getRawMany<{ sourcedId: string; lineHash: string | null }>();
  return rows.map(({ sourcedId, lineHash }) => `${lineHash ?? ''}${HASH_END}${sourcedId}`);
}

/** The feed's active records (`record`) as sourcedIds and line hashes. */
function activeRecords<T extends ObjectLiteral>(records: SelectQueryBuilder<T>, feed: string) {
  return records
    .select('record.sourcedId', 'sourcedId')
    .addSelect('record.lineHash', 'lineHash')
    .where(activeOfFeed('record.'), { feed });
}
