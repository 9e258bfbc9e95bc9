import { EntityManager, ObjectLiteral, SelectQueryBuilder } from 'typeorm';

/**
 * Most stored records of one file an import remembers to carry their unchanged lines (some 40 MB of ids and hashes);
 * a larger file is read whole.
 */
export const CARRY_CAPACITY = 400_000;

/** Ends a record's line hash (empty when unknown) and starts its sourcedId. */
const HASH_END = '\u0002';
/** Ends a record in the aggregated text. */
const RECORD_END = '\u0001';

/**
 * The stored active records of one file of a feed, each its line hash (empty when unknown), HASH_END and its sourcedId,
 * in one text: no string per record, and records read in the order the database stored them.
 */
export class StoredLines {
  private constructor(
    private readonly text: string,
    /** Where each record starts in the text, and where it ends (its RECORD_END, or the text's end). */
    private readonly starts: Int32Array,
    private readonly ends: Int32Array,
  ) {}

  /** The records of a text the database joined with RECORD_END between them; undefined when not `count` of them. */
  static joined(text: string, count: number): StoredLines | undefined {
    const starts = new Int32Array(count);
    const ends = new Int32Array(count);
    let start = 0;
    for (let index = 0; index < count; index++) {
      const end = text.indexOf(RECORD_END, start);
      starts[index] = start;
      ends[index] = end === -1 ? text.length : end;
      start = ends[index] + 1;
      if (end === -1 && index < count - 1) return undefined;
    }
    return start >= text.length ? new StoredLines(text, starts, ends) : undefined;
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
    return new StoredLines(records.join(RECORD_END), starts, ends);
  }

  get length(): number {
    return this.starts.length;
  }

  /** Whether any record has a line hash. */
  anyHashed(): boolean {
    return this.starts.some((start) => this.text[start] !== HASH_END);
  }

  /** Whether the record's line hash is `prefix` and a digest of `digestLength` characters. */
  hashedAs(index: number, prefix: string, digestLength: number): boolean {
    const start = this.starts[index];
    return (
      this.text.substr(start, prefix.length) === prefix &&
      this.idStart(index) === start + prefix.length + digestLength + 1
    );
  }

  /** Whether the record's line hash holds `digest` from `at` (compared in place: no string made). */
  digestIs(index: number, at: number, digest: string): boolean {
    const from = this.starts[index] + at;
    for (let i = 0; i < digest.length; i++) if (this.text.charCodeAt(from + i) !== digest.charCodeAt(i)) return false;
    return from + digest.length <= this.ends[index];
  }

  /** The record's line hash from `at` characters in, as `read` reads a text from an offset (no string made). */
  readHash<T>(index: number, at: number, read: (text: string, offset: number) => T): T {
    return read(this.text, this.starts[index] + at);
  }

  /** The record's line hash, empty when unknown. */
  lineHash(index: number): string {
    return this.text.slice(this.starts[index], this.idStart(index) - 1);
  }

  /** The record's sourcedId as `read` reads a range of a text (no string made). */
  readId<T>(index: number, read: (text: string, start: number, end: number) => T): T {
    return read(this.text, this.idStart(index), this.ends[index]);
  }

  sourcedId(index: number): string {
    return this.text.slice(this.idStart(index), this.ends[index]);
  }

  /** Where the record's sourcedId starts (its line hash, which never holds HASH_END, ends one before). */
  private idStart(index: number): number {
    return this.text.indexOf(HASH_END, this.starts[index]) + 1;
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
 * line hash (nothing could be carried) or when there are more than CARRY_CAPACITY. The database joins them into one
 * text: reading 168,000 rows as objects took three times as long (0.3 s on SQLite, 0.25 s on PostgreSQL).
 */
export async function storedLines(
  manager: EntityManager,
  entity: new () => ObjectLiteral,
  feed: string,
): Promise<StoredLines | null> {
  const lines = (await joinedRecords(manager, entity, feed)) ?? StoredLines.of(await recordRows(manager, entity, feed));
  return lines.length > CARRY_CAPACITY || !lines.anyHashed() ? null : lines;
}

/** The records as the database joins them; undefined where it cannot, or a sourcedId holds RECORD_END. */
async function joinedRecords(manager: EntityManager, entity: new () => ObjectLiteral, feed: string) {
  const aggregate = AGGREGATES[manager.connection.options.type];
  if (!aggregate) return undefined;
  const column = (name: string) =>
    `${manager.connection.driver.escape('stored')}.${manager.connection.driver.escape(name)}`;
  const row = await manager
    .createQueryBuilder()
    .select('COUNT(1)', 'count')
    .addSelect(
      aggregate(`CONCAT(COALESCE(${column('lineHash')}, ''), CAST(:hashEnd AS VARCHAR(1)), ${column('sourcedId')})`),
      'records',
    )
    .from((outer) => activeRecords(outer.subQuery().from(entity, 'record'), feed), 'stored')
    .setParameters({ hashEnd: HASH_END, recordEnd: RECORD_END })
    .getRawOne<{ count: string | number; records: string | null }>();
  const count = Number(row?.count ?? 0);
  return count === 0 ? StoredLines.of([]) : StoredLines.joined(row?.records ?? '', count);
}

async function recordRows(manager: EntityManager, entity: new () => ObjectLiteral, feed: string) {
  const rows = await activeRecords(manager.createQueryBuilder(entity, 'record'), feed).getRawMany<{
    sourcedId: string;
    lineHash: string | null;
  }>();
  return rows.map(({ sourcedId, lineHash }) => `${lineHash ?? ''}${HASH_END}${sourcedId}`);
}

/** The feed's active records (`record`) as sourcedIds and line hashes, one more than CARRY_CAPACITY at most. */
function activeRecords<T extends ObjectLiteral>(records: SelectQueryBuilder<T>, feed: string) {
  return records
    .select('record.sourcedId', 'sourcedId')
    .addSelect('record.lineHash', 'lineHash')
    .where('record.feed = :feed', { feed })
    .andWhere("record.status = 'active'")
    .limit(CARRY_CAPACITY + 1);
}
