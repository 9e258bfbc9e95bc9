import { EntityManager, ObjectLiteral } from 'typeorm';
import { chunks, rowsPerInsert } from '../database/batches';
import { groupBy } from '../oneroster/record-json';
import { MovedRecordEntity } from '../publication/moved-record.entity';
import { ApplyTarget } from './apply-targets';
import { StagedRecord } from './import-record.entity';

/** The live columns a page's apply reads to see whether an update moves a record: its org column, if it has one. */
export function ownerSelection(target: ApplyTarget, alias: string): string[] {
  return target.owner && 'column' in target.owner ? [`${alias}.${target.owner.column}`] : [];
}

/**
 * Records the orgs that updated records leave (a pupil's old school, a class's old site), before the apply replaces
 * them: the publication reads them to tell who left a tenant's view (see TenantDepartures).
 */
export async function recordMoves(
  manager: EntityManager,
  target: ApplyTarget,
  updated: StagedRecord[],
  live: Map<string, ObjectLiteral>,
): Promise<void> {
  const { owner } = target;
  if (!owner || updated.length === 0) return;
  const moves: MovedRecordEntity[] = [];
  if ('column' in owner) {
    for (const row of updated) {
      const before = live.get(row.sourcedId)?.[owner.column] as string | null | undefined;
      if (before && before !== row.payload[owner.column])
        moves.push({ entityType: owner.type, sourcedId: row.sourcedId, oldOrg: before });
    }
  } else {
    const { link } = owner;
    const ids = updated.map((row) => row.sourcedId);
    const links: ObjectLiteral[] = [];
    for (const chunk of chunks(ids))
      links.push(
        ...(await manager
          .createQueryBuilder(link.entity, 'link')
          .select([`link.${link.owner}`, `link.${link.target}`])
          .where(`link.${link.owner} IN (:...chunk)`, { chunk })
          .getMany()),
      );
    const before = groupBy(
      links,
      (row) => row[link.owner] as string,
      (row) => row[link.target] as string,
    );
    for (const row of updated) {
      const old = before.get(row.sourcedId) ?? [];
      const now = new Set((row.payload[link.payloadKey] as string[] | undefined) ?? []);
      if (old.length === now.size && old.every((org) => now.has(org))) continue;
      for (const oldOrg of new Set(old)) moves.push({ entityType: owner.type, sourcedId: row.sourcedId, oldOrg });
    }
  }
  for (const chunk of chunks(moves, rowsPerInsert(3))) await manager.insert(MovedRecordEntity, chunk);
}
