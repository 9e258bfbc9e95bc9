import { hash } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { bulkInsert, JsonText } from '../database/bulk-insert';
import { chunks } from '../database/batches';
import { ImportRecordEntity } from './import-record.entity';
import { ImportReferenceEntity } from './import-reference.entity';
import { RowReference } from './row-reader';
import { StagedTargets } from './staged-targets';

/** Entity type under which a row that failed validation is staged, so bulk semantics never delete it. */
export const rejectedType = (entityType: string) => `${entityType}:rejected`;

/** Entity type under which an import that carried lines stages the stored records its file no longer lists. */
export const missingType = (entityType: string) => `${entityType}:missing`;

/**
 * Stages the sourcedIds of stored records a file no longer lists (see CarriedLines), for the apply to mark tobedeleted:
 * the staging rows are what `imports approve` publishes, so they hold this too. Their lines count down from -1.
 */
export async function stageMissing(manager: EntityManager, importId: string, entityType: string, sourcedIds: string[]) {
  const rows = sourcedIds.map((sourcedId, index) => ({
    importId,
    entityType: missingType(entityType),
    line: -1 - index,
    sourcedId,
    kind: null,
    contentHash: '',
    lineHash: null,
    payload: new JsonText('{}'),
  }));
  for (const chunk of chunks(rows, 1000)) await bulkInsert(manager, ImportRecordEntity, chunk);
}

export interface StagedRow {
  line: number;
  sourcedId: string;
  entityType: string;
  /** Hash of the CSV line (see carried-lines.ts), or null when the line could not be told apart. */
  lineHash?: string | null;
  payload: Record<string, unknown>;
  references: RowReference[];
}

/**
 * Hash of a record's content, from the canonical JSON of everything we store except dateLastModified. One-shot: a Hash
 * object per row cost twice the hashing itself.
 */
export function contentHash(payloadJson: string): string {
  return hash('sha256', payloadJson, 'base64url');
}

/** Numbers an import's references, across all its files. */
export interface ReferenceNumbers {
  next: number;
}

/**
 * Rows staged per batch. On PostgreSQL each batch is a `COPY`, whose round trips at 1,000 rows cost a fifth of staging
 * (5.8 s against 4.4 s for 168,000 enrollments); SQLite runs a prepared INSERT per row and gains nothing from more.
 */
const BATCH_ROWS: Partial<Record<string, number>> = { postgres: 5000 };

/**
 * Buffers staged rows and writes them a batch at a time through the driver's bulk path. One batch is written while the
 * next is read: on PostgreSQL the server loads a `COPY` while Node parses, validates and hashes the next rows (on
 * SQLite the driver writes synchronously, and nothing overlaps). `done` waits for the last.
 */
export class StagingWriter {
  private buffer: StagedRow[] = [];
  private readonly batchSize: number;
  /** The batch being written: the next waits for it, so one is in flight at a time. */
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly manager: EntityManager,
    private readonly importId: string,
    private readonly referenceNumbers: ReferenceNumbers,
    /** Absent when staged rows may be set aside (--skip-invalid): then every reference is staged. */
    private readonly stagedTargets?: StagedTargets,
  ) {
    this.batchSize = BATCH_ROWS[manager.connection.driver.options.type] ?? 1000;
  }

  async add(row: StagedRow): Promise<void> {
    this.buffer.push(row);
    if (this.buffer.length >= this.batchSize) await this.flush();
  }

  async flush(): Promise<void> {
    const rows = this.buffer;
    this.buffer = [];
    const records = rows.map((row) => {
      // Serialised once, for the hash and the payload column both.
      const payload = JSON.stringify(row.payload);
      return {
        importId: this.importId,
        entityType: row.entityType,
        line: row.line,
        sourcedId: row.sourcedId,
        kind: typeof row.payload.type === 'string' ? row.payload.type : null,
        contentHash: contentHash(payload),
        lineHash: row.lineHash ?? null,
        payload: new JsonText(payload),
      };
    });
    for (const record of records) this.stagedTargets?.add(record.entityType, record.sourcedId, record.kind);
    const known = (ref: RowReference) => this.stagedTargets?.has(ref.targetType, ref.targetSourcedId) ?? false;
    const references = rows.flatMap((row) =>
      row.references
        .filter((ref) => !known(ref))
        .map((ref) => ({
          importId: this.importId,
          id: this.referenceNumbers.next++,
          entityType: row.entityType,
          line: row.line,
          sourcedId: row.sourcedId,
          columnName: ref.column,
          targetType: ref.targetType,
          targetSourcedId: ref.targetSourcedId,
        })),
    );
    await this.writing;
    this.writing = (async () => {
      await bulkInsert(this.manager, ImportRecordEntity, records);
      await bulkInsert(this.manager, ImportReferenceEntity, references);
    })();
    // Its failure surfaces at the next flush or at done(), whoever waits for it first.
    this.writing.catch(() => undefined);
  }

  /** Waits for the batch in flight, whatever its outcome, and drops the rest: the file's read stopped. */
  async abandon(): Promise<void> {
    this.buffer = [];
    await this.writing.catch(() => undefined);
  }

  /** Writes what is buffered and waits until every batch is written. */
  async done(): Promise<void> {
    await this.flush();
    await this.writing;
  }
}

/**
 * Deletes an import's staging rows. When no other import has any, it empties the tables whole: SQLite then frees their
 * pages at once (its truncate optimisation) instead of deleting some 7 million rows one by one from each of their
 * B-trees (89 s of a 200,000-student import), and PostgreSQL and SQL Server truncate them. On PostgreSQL a DELETE leaves
 * every row dead until a vacuum, and the next import staged into the bloated table and its indexes: a 1% re-import at
 * 20,000 students staged its enrollments in 5.5 s against 4.1 s into an empty table. The check is safe because every
 * caller holds the deployment's import lock: no other import can stage a row between the check and the truncate.
 */
export async function clearStaging(manager: EntityManager, importId: string): Promise<void> {
  const wholeTable = !(await othersStaged(manager, importId));
  for (const entity of [ImportReferenceEntity, ImportRecordEntity]) {
    if (wholeTable) await manager.clear(entity);
    else await manager.createQueryBuilder().delete().from(entity).where('importId = :importId', { importId }).execute();
  }
}

/** Whether any other import has staging rows: two seeks each on the indexes that start with the import id. */
export async function othersStaged(manager: EntityManager, importId: string): Promise<boolean> {
  for (const entity of [ImportRecordEntity, ImportReferenceEntity]) {
    for (const other of ['staged.importId < :importId', 'staged.importId > :importId']) {
      if (await manager.createQueryBuilder(entity, 'staged').where(other, { importId }).getExists()) return true;
    }
  }
  return false;
}
