import { EntityManager, EntityTarget, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { bulkInsert } from '../database/bulk-insert';
import { bulkRewrite } from '../database/bulk-rewrite';
import { outerColumn } from '../database/quoted-names';
import { ByMembers, copiesJsonRows, insertFromJson, insertJsonListItems, sourceColumn } from '../database/json-copy';
import { chunks } from '../database/batches';
import { APPLY_TARGETS, ApplyTarget } from './apply-targets';
import { FileSpec } from './file-spec';
import { ImportRecordEntity, StagedRecord } from './import-record.entity';
import { ImportRunEntity } from './import-run.entity';
import { FileMode } from './manifest';
import { missingType, rejectedType } from './staging';
import { ownerSelection, recordMoves } from './record-moves';
import { activeOfFeed } from './record-status';
import { FilledTables } from '../publication/roster-spans';

export interface ApplyCounts {
  inserted: number;
  updated: number;
  unchanged: number;
  deleted: number;
  skipped: number;
}

/** Which import, for which feed. */
export interface ImportIdentity {
  importId: string;
  feed: string;
}

/** How one file is applied. */
export interface FileApply {
  mode: FileMode;
  /** What every record the import writes carries as dateLastModified. */
  stamp: string;
  /** Lines the import carried (see CarriedLines): unchanged records, not staged; what the file no longer lists is. */
  carried?: number;
  /** The tables the import filled from empty so far (see DeferredIndexes). */
  filled?: FilledTables;
}

/** What every record an import writes carries. */
interface Written {
  feed: string;
  stamp: string;
}

const PAGE = 500;
/** Stored in place of a hash when bulk semantics mark a record tobedeleted: any re-appearance is a change. */
const DELETED_HASH = 'tobedeleted';

/**
 * Applies one file's staged rows inside the import's transaction: inserts new records, updates
 * changed ones (content hash differs) with `stamp` as dateLastModified, leaves the rest alone;
 * for a bulk file, marks active records missing from it tobedeleted.
 */
export async function applyFile(
  manager: EntityManager,
  { importId, feed }: ImportIdentity,
  spec: FileSpec,
  { mode, stamp, carried, filled = new Set() }: FileApply,
): Promise<ApplyCounts> {
  const target = APPLY_TARGETS[spec.file];
  const counts: ApplyCounts = { inserted: 0, updated: 0, unchanged: 0, deleted: 0, skipped: 0 };
  // Only rows new or changed (their hash is not the stored record's) leave the database: an unchanged re-import reads
  // none. Into a table filled from empty (a first import), the database copies the new records itself where it can;
  // elsewhere there is nothing to compare them with.
  const filledFromEmpty = !(await manager.createQueryBuilder(target.entity, 'live').getExists());
  // The first import of a board beside others: whatever of its feed the table holds after it, it wrote.
  const feedWasStored = !filledFromEmpty && (await storedOfFeed(manager, target, feed));
  const staged = await stagedOfType(manager, importId, spec).getCount();
  let empty = filledFromEmpty;
  let leftToApply = true;
  if (copiesJsonRows(manager) && (empty || !(await publishedBefore(manager, feed)))) {
    const copied = await copyNewRecords(manager, { importId, feed }, spec, target, stamp, filled);
    counts.inserted += copied;
    // Left to apply: changed records, and records the file marks tobedeleted that are not stored. None when every
    // staged row was copied: looking for them read every staged row again (0.3 s for 168,000 enrollments).
    leftToApply = copied < staged;
    empty = false;
  }
  if (leftToApply) await applyPages(manager, { importId, feed }, spec, { target, stamp, empty }, counts);
  // A table filled from empty, or every staged row copied as new (a feed's first import), leaves no stored record whose
  // line to adopt; a feed that stored nothing here before has no record the file could leave unlisted. Each search read
  // every staged row again (0.29 and 0.23 s for a board's 42,000 enrollments).
  if (leftToApply && !filledFromEmpty) await adoptLineHashes(manager, importId, spec, target);
  counts.unchanged = staged + (carried ?? 0) - counts.inserted - counts.updated - counts.skipped;
  if (mode === 'bulk' && feedWasStored)
    counts.deleted = await markMissingDeleted(manager, { importId, feed }, spec, target, stamp, carried !== undefined);
  return counts;
}

/**
 * Applies the staged rows new or changed (all of them into an `empty` table), a page at a time in sourcedId order.
 */
async function applyPages(
  manager: EntityManager,
  { importId, feed }: ImportIdentity,
  spec: FileSpec,
  { target, stamp, empty }: { target: ApplyTarget; stamp: string; empty: boolean },
  counts: ApplyCounts,
): Promise<void> {
  for (let after = ''; ;) {
    const query = stagedOfType(manager, importId, spec).andWhere('staged.sourcedId > :after', { after });
    if (!empty)
      query
        .leftJoin(target.entity, 'live', 'live.sourcedId = staged.sourcedId')
        .andWhere('(live.contentHash IS NULL OR live.contentHash <> staged.contentHash)');
    const page = await readStaged(query.orderBy('staged.sourcedId').limit(PAGE));
    if (page.length === 0) return;
    await applyPage(manager, target, page, { feed, stamp }, counts, empty);
    after = page[page.length - 1].sourcedId;
  }
}

/** Whether the target's table holds a record of the feed: a seek on its feed index. */
function storedOfFeed(manager: EntityManager, target: ApplyTarget, feed: string): Promise<boolean> {
  return manager.createQueryBuilder(target.entity, 'live').where('live.feed = :feed', { feed }).getExists();
}

/** Whether an import of this feed was published before: one that was not finds most of its records new. */
async function publishedBefore(manager: EntityManager, feed: string): Promise<boolean> {
  return manager.getRepository(ImportRunEntity).existsBy({ feed, state: 'applied' });
}

/**
 * Inserts the staged records that are not stored (but those tobedeleted in the file), and their relation lists,
 * without reading them into Node: a first import's records, in sourcedId order. Returns how many.
 */
export async function copyNewRecords(
  manager: EntityManager,
  { importId, feed }: ImportIdentity,
  spec: FileSpec,
  target: ApplyTarget,
  stamp: string,
  filled: FilledTables = new Set(),
): Promise<number> {
  const source = stagedOfType(manager, importId, spec);
  const [sourcedId, payload] = [sourceColumn(source, 'sourcedId'), sourceColumn(source, 'payload')];
  source
    .andWhere((outer) => {
      const live = outer
        .subQuery()
        .select('1')
        .from(target.entity, 'live')
        .where('live.sourcedId = staged.sourcedId')
        .getQuery();
      return `NOT EXISTS ${live}`;
    })
    .orderBy('staged.sourcedId');
  const listed: ByMembers['where'] = (member) => `COALESCE(${member('status')}, '') <> 'tobedeleted'`;
  // The lists first: once the records are in, "not stored" no longer picks them out.
  for (const link of target.links)
    await insertJsonListItems(manager, link.entity, {
      rows: { source, json: payload, where: listed },
      member: link.payloadKey,
      owner: sourcedId,
      columns: { owner: link.owner, item: link.target, position: 'position' },
    });
  // After the lists: what the derived columns join is the records' alone. Filled as the rows are inserted rather than
  // by an UPDATE after: on PostgreSQL that wrote each row anew (a first import at 20,000 students took 34.0 s against
  // 29.95 s); on SQLite the lookups during the copy cost 0.1 to 0.2 s and spared the UPDATE 0.35 s.
  const derived = await target.derivedOnCopy?.(manager, { source, writtenAt: stamp, filled });
  return insertFromJson(manager, target.entity, {
    source: source.setParameters({ feed, stamp }),
    json: payload,
    where: listed,
    joins: derived?.joins,
    given: {
      ...derived?.given,
      sourcedId,
      feed: ':feed',
      dateLastModified: ':stamp',
      contentHash: sourceColumn(source, 'contentHash'),
      lineHash: sourceColumn(source, 'lineHash'),
    },
  });
}

/**
 * The page's staged rows, three columns as the driver returns them and the payload parsed here: TypeORM's hydration of
 * whole entities took two thirds of reading them (a first import reads every staged row).
 */
async function readStaged(query: SelectQueryBuilder<ImportRecordEntity>): Promise<StagedRecord[]> {
  const rows = await query
    .select('staged.sourcedId', 'sourcedId')
    .addSelect('staged.contentHash', 'contentHash')
    .addSelect('staged.lineHash', 'lineHash')
    .addSelect('staged.payload', 'payload')
    .getRawMany<{ sourcedId: string; contentHash: string; lineHash: string | null; payload: string }>();
  return rows.map((row) => ({ ...row, payload: JSON.parse(row.payload) as Record<string, unknown> }));
}

function stagedOfType(manager: EntityManager, importId: string, spec: FileSpec) {
  return manager
    .createQueryBuilder(ImportRecordEntity, 'staged')
    .where('staged.importId = :importId', { importId })
    .andWhere('staged.entityType = :entityType', { entityType: spec.entityType });
}

async function applyPage(
  manager: EntityManager,
  target: ApplyTarget,
  staged: StagedRecord[],
  written: Written,
  counts: ApplyCounts,
  /** The table held no record when the file's apply began: every staged row is new. */
  empty: boolean,
) {
  const ids = staged.map((row) => row.sourcedId);
  const existing = empty
    ? []
    : await manager
        .createQueryBuilder(target.entity, 'live')
        .select(['live.sourcedId', 'live.contentHash', ...ownerSelection(target, 'live')])
        .where('live.sourcedId IN (:...ids)', { ids })
        .getMany();
  const live = new Map(existing.map((row) => [row.sourcedId as string, row]));
  const [fresh, replaced]: ObjectLiteral[][] = [[], []];
  const changed: StagedRecord[] = [];
  for (const row of staged) {
    const hash = live.get(row.sourcedId)?.contentHash as string | undefined;
    if (hash === row.contentHash) counts.unchanged++;
    else if (hash === undefined && row.payload.status === 'tobedeleted') counts.skipped++;
    else {
      changed.push(row);
      (hash === undefined ? fresh : replaced).push(toEntity(target, row, written));
    }
  }
  await recordMoves(
    manager,
    target,
    changed.filter((row) => live.has(row.sourcedId)),
    live,
  );
  counts.inserted += fresh.length;
  counts.updated += replaced.length;
  // Through the driver's bulk paths (on SQLite, a prepared UPDATE of what changed: see bulkRewrite), not through the
  // query builder a row at a time. A changed record's derived columns (roster spans, first begin date) are derived
  // again in the same transaction.
  await bulkRewrite(manager, target.entity, 'sourcedId', replaced);
  await bulkInsert(manager, target.entity, fresh);
  for (const link of target.links) await replaceLinks(manager, link, changed);
}

/** Deletes the rows whose `column` is one of `values`, an IN list at a time. */
async function deleteWhereIn(
  manager: EntityManager,
  entity: EntityTarget<ObjectLiteral>,
  column: string,
  values: string[],
) {
  for (const chunk of chunks(values)) {
    await manager.createQueryBuilder().delete().from(entity).where(`${column} IN (:...chunk)`, { chunk }).execute();
  }
}

/** Entity columns from a staged payload; the target's relation lists live in their own tables. */
export function toEntity(target: ApplyTarget, row: StagedRecord, { feed, stamp }: Written): ObjectLiteral {
  const fields = { ...row.payload };
  for (const link of target.links) delete fields[link.payloadKey];
  return {
    ...fields,
    sourcedId: row.sourcedId,
    feed,
    dateLastModified: stamp,
    contentHash: row.contentHash,
    lineHash: row.lineHash,
  };
}

async function replaceLinks(manager: EntityManager, link: ApplyTarget['links'][number], owners: StagedRecord[]) {
  await deleteWhereIn(
    manager,
    link.entity,
    link.owner,
    owners.map((row) => row.sourcedId),
  );
  await bulkInsert(manager, link.entity, linkRows(link, owners));
}

/** The rows of a relation list's table for these records: each id of the list, with its position in it. */
export function linkRows(link: ApplyTarget['links'][number], owners: StagedRecord[]): ObjectLiteral[] {
  return owners.flatMap((owner) =>
    ((owner.payload[link.payloadKey] as string[] | undefined) ?? []).map((targetId, position) => ({
      [link.owner]: owner.sourcedId,
      [link.target]: targetId,
      position,
    })),
  );
}

/**
 * Bulk semantics: an active record of the import's feed that the file no longer lists (nor rejected) becomes
 * tobedeleted, never deleted. Another feed's records are not this file's to judge. Where the import carried lines, the
 * records not listed were found while reading (staged as missing, see CarriedLines): the carried ones are not staged.
 */
async function markMissingDeleted(
  manager: EntityManager,
  { importId, feed }: ImportIdentity,
  spec: FileSpec,
  target: ApplyTarget,
  stamp: string,
  carried: boolean,
) {
  const staged = manager.createQueryBuilder().subQuery().from(ImportRecordEntity, 'staged');
  // Carried: the few missing rows name the records (a lookup each). Read whole: every active record is probed.
  const unlisted = carried
    ? `sourcedId IN ${staged
        .select('staged.sourcedId')
        .where('staged.importId = :importId')
        .andWhere('staged.entityType = :missing')
        .getQuery()}`
    : `NOT EXISTS ${staged
        .select('1')
        .where('staged.importId = :importId')
        .andWhere('staged.entityType IN (:...listed)')
        .andWhere(`staged.sourcedId = ${outerColumn(manager, target.entity, 'sourcedId')}`)
        .getQuery()}`;
  const result = await manager
    .createQueryBuilder()
    .update(target.entity)
    .set({ status: 'tobedeleted', dateLastModified: stamp, contentHash: DELETED_HASH, lineHash: null })
    .where(activeOfFeed(), { feed })
    .andWhere(unlisted)
    .setParameters({
      importId,
      missing: missingType(spec.entityType),
      listed: [spec.entityType, rejectedType(spec.entityType)],
    })
    .execute();
  return result.affected ?? 0;
}

/**
 * Records whose content the file left unchanged but whose line is new to them (written before line hashes, or a line
 * only reformatted) take the line's hash, so the next import carries it; their dateLastModified stays.
 */
async function adoptLineHashes(manager: EntityManager, importId: string, spec: FileSpec, target: ApplyTarget) {
  const lineOf = manager
    .createQueryBuilder()
    .subQuery()
    .select('staged.lineHash')
    .from(ImportRecordEntity, 'staged')
    .where('staged.importId = :importId')
    .andWhere('staged.entityType = :entityType')
    .andWhere(`staged.sourcedId = ${outerColumn(manager, target.entity, 'sourcedId')}`)
    .getQuery();
  for (let after = ''; ;) {
    const rows = await stagedOfType(manager, importId, spec)
      .innerJoin(target.entity, 'live', 'live.sourcedId = staged.sourcedId')
      .select('staged.sourcedId', 'sourcedId')
      .andWhere('staged.sourcedId > :after', { after })
      .andWhere('live.contentHash = staged.contentHash')
      .andWhere('staged.lineHash IS NOT NULL')
      .andWhere('(live.lineHash IS NULL OR live.lineHash <> staged.lineHash)')
      .orderBy('staged.sourcedId')
      .limit(PAGE)
      .getRawMany<{ sourcedId: string }>();
    if (rows.length === 0) return;
    const ids = rows.map((row) => row.sourcedId);
    await manager
      .createQueryBuilder()
      .update(target.entity)
      .set({ lineHash: () => lineOf })
      .where('sourcedId IN (:...ids)', { ids })
      .setParameters({ importId, entityType: spec.entityType })
      .execute();
    after = ids[ids.length - 1];
  }
}
