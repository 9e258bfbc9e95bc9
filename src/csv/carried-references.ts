import { EntityManager, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { OrgEntity } from '../orgs/org.entity';
import { chunks } from '../database/batches';
import { APPLY_TARGETS, LinkTable } from './apply-targets';
import { ImportRecordEntity } from './import-record.entity';
import { ImportReport } from './import-report';
import { RosterFile } from './manifest';
import { FILE_SPECS } from './readers';
import { missingType, rejectedType } from './staging';
import { fileOfTarget } from './reference-check';
import { activeOfFeed } from './record-status';

/** Where a stored record keeps a reference its CSV row made: a column of its table, or a relation list. */
type StoredReference = { targetType: string } & ({ column: string } | { link: LinkTable });

const linkOf = (file: RosterFile, payloadKey: string) =>
  APPLY_TARGETS[file].links.find((link) => link.payloadKey === payloadKey)!;

/** The references of each file whose lines an import may carry (the readers' `ref` and `refs`), as stored. */
const STORED_REFERENCES: Partial<Record<RosterFile, StoredReference[]>> = {
  courses: [
    { column: 'orgSourcedId', targetType: 'org' },
    { column: 'schoolYearSourcedId', targetType: 'academicSession' },
  ],
  classes: [
    { column: 'courseSourcedId', targetType: 'course' },
    { column: 'schoolSourcedId', targetType: 'school' },
    { link: linkOf('classes', 'terms'), targetType: 'academicSession' },
  ],
  users: [
    { link: linkOf('users', 'orgs'), targetType: 'org' },
    { link: linkOf('users', 'agents'), targetType: 'user' },
  ],
  enrollments: [
    { column: 'classSourcedId', targetType: 'class' },
    { column: 'schoolSourcedId', targetType: 'school' },
    { column: 'userSourcedId', targetType: 'user' },
  ],
  demographics: [{ column: 'sourcedId', targetType: 'user' }],
};

/**
 * Whether a carried line points at a record this import takes away: one its file no longer lists, or an org that is
 * no longer a school. A carried line is not parsed, so its references are not staged; this finds them from the stored
 * record, looking only at what left (on a quiet night nothing did, and nothing is looked up). When one does, the
 * import reads its bundle again whole, and the reference check reports the row as it always did.
 */
export async function carriedReferenceLost(
  manager: EntityManager,
  { importId, feed }: { importId: string; feed: string },
  report: ImportReport,
): Promise<boolean> {
  const lost = new Map<string, Promise<string[]>>();
  const lostOf = (targetType: string) => {
    if (!lost.has(targetType)) lost.set(targetType, lostTargets(manager, importId, feed, targetType, report));
    return lost.get(targetType)!;
  };
  for (const [file, references] of Object.entries(STORED_REFERENCES) as [RosterFile, StoredReference[]][]) {
    if (!report.files[file]?.carried) continue;
    for (const reference of references) {
      const targets = await lostOf(reference.targetType);
      for (const chunk of chunks(targets)) {
        if (await pointedAtByCarried(manager, { importId, feed }, file, reference, chunk)) return true;
      }
    }
  }
  return false;
}

/** The sourcedIds of a type's stored records of the feed that this import takes away. */
async function lostTargets(
  manager: EntityManager,
  importId: string,
  feed: string,
  targetType: string,
  report: ImportReport,
): Promise<string[]> {
  const file = fileOfTarget(targetType);
  const { entityType } = FILE_SPECS[file];
  const ids = (query: SelectQueryBuilder<ObjectLiteral>) =>
    query.getRawMany<{ sourcedId: string }>().then((rows) => rows.map((row) => row.sourcedId));
  const staged = () =>
    manager.createQueryBuilder(ImportRecordEntity, 'staged').where('staged.importId = :importId', { importId });
  // A carried file staged what it no longer lists; a file read whole staged all it lists.
  const gone = report.files[file]?.carried
    ? await ids(
        staged()
          .select('staged.sourcedId', 'sourcedId')
          .andWhere('staged.entityType = :missing', { missing: missingType(entityType) }),
      )
    : await ids(storedNotListed(manager, importId, feed, file));
  if (targetType !== 'school') return gone;
  // Schools the file now gives another type.
  const retyped = await ids(
    staged()
      .select('staged.sourcedId', 'sourcedId')
      .innerJoin(OrgEntity, 'live', 'live.sourcedId = staged.sourcedId')
      .andWhere('staged.entityType = :entityType', { entityType })
      .andWhere("live.type = 'school'")
      .andWhere("(staged.kind IS NULL OR staged.kind <> 'school')"),
  );
  return [...gone, ...retyped];
}

/** The feed's active records of a file read whole that its staged rows do not list. */
function storedNotListed(manager: EntityManager, importId: string, feed: string, file: RosterFile) {
  const live = manager.createQueryBuilder(APPLY_TARGETS[file].entity, 'live').select('live.sourcedId', 'sourcedId');
  return activeNotStaged(live, 'live', { importId, feed }, [FILE_SPECS[file].entityType]);
}

/** Whether a carried record of the file (an active record of the feed not staged) points at one of `targets`. */
async function pointedAtByCarried(
  manager: EntityManager,
  identity: { importId: string; feed: string },
  file: RosterFile,
  reference: StoredReference,
  targets: string[],
): Promise<boolean> {
  const { entityType } = FILE_SPECS[file];
  const query = manager.createQueryBuilder(APPLY_TARGETS[file].entity, 'carried');
  if ('column' in reference) query.where(`carried.${reference.column} IN (:...targets)`, { targets });
  else
    query
      .innerJoin(reference.link.entity, 'link', `link.${reference.link.owner} = carried.sourcedId`)
      .where(`link.${reference.link.target} IN (:...targets)`, { targets });
  const staged = [entityType, rejectedType(entityType), missingType(entityType)];
  return activeNotStaged(query, 'carried', identity, staged).getExists();
}

/** Narrows `query` (records as `alias`) to the feed's active ones that no staged row of `types` names. */
function activeNotStaged<T extends ObjectLiteral>(
  query: SelectQueryBuilder<T>,
  alias: string,
  { importId, feed }: { importId: string; feed: string },
  types: string[],
): SelectQueryBuilder<T> {
  const staged = query
    .subQuery()
    .select('1')
    .from(ImportRecordEntity, 'staged')
    .where('staged.importId = :importId')
    .andWhere('staged.entityType IN (:...stagedTypes)')
    .andWhere(`staged.sourcedId = ${alias}.sourcedId`)
    .getQuery();
  return query
    .andWhere(activeOfFeed(`${alias}.`), { feed })
    .andWhere(`NOT EXISTS ${staged}`)
    .setParameters({ importId, stagedTypes: types });
}
