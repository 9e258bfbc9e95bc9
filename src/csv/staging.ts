import { createHash } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { chunks, rowsPerInsert } from '../oneroster/query/batches';
import { boundInteger } from './bound-integer';
import { ImportRecordEntity } from './import-record.entity';
import { ImportReferenceEntity } from './import-reference.entity';
import { RowReference } from './row-reader';

/** Entity type under which a row that failed validation is staged, so bulk semantics never delete it. */
export const rejectedType = (entityType: string) => `${entityType}:rejected`;

export interface StagedRow {
  line: number;
  sourcedId: string;
  entityType: string;
  payload: Record<string, unknown>;
  references: RowReference[];
}

/** Hash of a record's content: the canonical JSON of everything we store except dateLastModified. */
export function contentHash(payload: Record<string, unknown>): string {
  return createHash('sha256').update(JSON.stringify(payload)).digest('base64url');
}

/** Buffers staged rows and writes them in multi-row inserts that respect SQL Server's parameter limit. */
export class StagingWriter {
  private buffer: StagedRow[] = [];

  constructor(
    private readonly manager: EntityManager,
    private readonly importId: string,
    private readonly batchSize = 1000,
  ) {}

  async add(row: StagedRow): Promise<void> {
    this.buffer.push(row);
    if (this.buffer.length >= this.batchSize) await this.flush();
  }

  async flush(): Promise<void> {
    const rows = this.buffer;
    this.buffer = [];
    const line = boundInteger(this.manager);
    const records = rows.map((row) => ({
      importId: this.importId,
      entityType: row.entityType,
      line: line(row.line),
      sourcedId: row.sourcedId,
      kind: typeof row.payload.type === 'string' ? row.payload.type : null,
      contentHash: contentHash(row.payload),
      payload: row.payload,
    })) as QueryDeepPartialEntity<ImportRecordEntity>[];
    const references = rows.flatMap((row) =>
      row.references.map((ref) => ({ importId: this.importId, entityType: row.entityType, line: line(row.line), sourcedId: row.sourcedId, columnName: ref.column, targetType: ref.targetType, targetSourcedId: ref.targetSourcedId })),
    );
    for (const chunk of chunks(records, rowsPerInsert(7))) await this.manager.insert(ImportRecordEntity, chunk);
    for (const chunk of chunks(references, rowsPerInsert(7))) await this.manager.insert(ImportReferenceEntity, chunk);
  }
}
