import { EntityManager } from 'typeorm';
import { OrgEntity } from '../orgs/org.entity';
import { ImportIdentity } from './apply';
import { ImportRecordEntity } from './import-record.entity';
import { FileMode } from './manifest';
import { describeCycle, findParentCycles } from './parent-cycles';
import { DanglingReference } from './reference-check';

interface StagedOrg {
  sourcedId: string;
  line: number;
  parentSourcedId: string | null;
}

/**
 * Staged orgs (still valid) whose parent chain comes back to them, in the hierarchy as it will be after the import:
 * the staged orgs over the stored ones, less the stored orgs of the feed when the file is bulk (it replaces them; a
 * staged parent among them would be a dangling reference). Each staged member of a cycle is reported on its own line.
 *
 * Orgs are few (hundreds to low thousands per board), so their parent links are loaded into memory and walked there:
 * simpler than a recursive query in three SQL dialects.
 */
export async function findOrgCycles(
  manager: EntityManager,
  { importId, feed }: ImportIdentity,
  mode: FileMode,
): Promise<DanglingReference[]> {
  const staged = mode === 'absent' ? [] : await stagedOrgs(manager, importId);
  if (staged.length === 0) return [];
  const parentOf = await storedParents(manager, mode === 'bulk' ? feed : undefined);
  const lineOf = new Map<string, number>();
  // A repeated sourcedId is refused as a duplicate; its first row is the one --skip-invalid keeps.
  for (const org of staged.filter((org) => !lineOf.has(org.sourcedId))) {
    lineOf.set(org.sourcedId, org.line);
    parentOf.set(org.sourcedId, org.parentSourcedId);
  }
  const problems = findParentCycles(parentOf, lineOf.keys()).flatMap((cycle) =>
    cycle
      .filter((member) => lineOf.has(member))
      .map((member) => ({
        entityType: 'org',
        file: 'orgs.csv',
        line: lineOf.get(member)!,
        column: 'parentSourcedId',
        sourcedId: member,
        reason: describeCycle(cycle, member),
      })),
  );
  return problems.sort((a, b) => a.line - b.line);
}

async function stagedOrgs(manager: EntityManager, importId: string): Promise<StagedOrg[]> {
  const rows = await manager
    .createQueryBuilder(ImportRecordEntity, 'staged')
    .select(['staged.sourcedId', 'staged.line', 'staged.payload'])
    .where('staged.importId = :importId', { importId })
    .andWhere('staged.entityType = :entityType', { entityType: 'org' })
    .orderBy('staged.line')
    .getMany();
  return rows.map(({ sourcedId, line, payload }) => ({
    sourcedId,
    line,
    parentSourcedId: (payload.parentSourcedId as string | null | undefined) ?? null,
  }));
}

/** Every stored org's parent, whatever its status (tobedeleted orgs are served too), but for one feed's when given. */
async function storedParents(manager: EntityManager, leftOutFeed?: string): Promise<Map<string, string | null>> {
  const query = manager
    .createQueryBuilder(OrgEntity, 'org')
    .select(['org.sourcedId', 'org.parentSourcedId'])
    .where('org.parentSourcedId IS NOT NULL');
  if (leftOutFeed) query.andWhere('org.feed <> :feed', { feed: leftOutFeed });
  const orgs = await query.getMany();
  return new Map(orgs.map((org) => [org.sourcedId, org.parentSourcedId]));
}
