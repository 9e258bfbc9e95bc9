import { EntityManager, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { AcademicSessionEntity } from '../academic-sessions/academic-session.entity';
import { ClassEntity } from '../classes/class.entity';
import { CourseEntity } from '../courses/course.entity';
import { EnrollmentEntity } from '../enrollments/enrollment.entity';
import { OrgEntity } from '../orgs/org.entity';
import { ScopedType } from '../tenancy/tenant-scope.entity';
import { UserOrgEntity } from '../tenancy/user-org.entity';
import { UserEntity } from '../users/user.entity';
import { MovedRecordEntity } from './moved-record.entity';

/**
 * The orgs and academic sessions an import's writes touch: the orgs and sessions it wrote, the orgs of the records it
 * wrote (a class's school, a user's orgs), the orgs its moves left, and the parents of the sessions it wrote. A tenant
 * whose scope holds none of them, and whose scope the import did not change, serves the same view as before.
 */
export type WrittenScope = Record<ScopedType, ReadonlySet<string>>;

/** Each table's column that puts a record in a tenant's view, as departures.ts reads them. */
const OWNED_BY: [new () => ObjectLiteral, string][] = [
  [OrgEntity, 'sourcedId'],
  [CourseEntity, 'orgSourcedId'],
  [ClassEntity, 'schoolSourcedId'],
  [EnrollmentEntity, 'schoolSourcedId'],
];

/** Read through each table's index on dateLastModified: the rows the import wrote, not the tables. */
export async function writtenScope(manager: EntityManager, stamp: string): Promise<WrittenScope> {
  const org = new Set<string>();
  const ids = (rows: { id: string | null }[], into: Set<string>) => rows.forEach(({ id }) => id && into.add(id));
  for (const [entity, column] of OWNED_BY)
    ids(await distinctWritten(manager.createQueryBuilder(entity, 'written'), `written.${column}`, stamp), org);
  const members = manager
    .createQueryBuilder(UserEntity, 'written')
    .innerJoin(UserOrgEntity, 'membership', 'membership.userSourcedId = written.sourcedId');
  ids(await distinctWritten(members, 'membership.orgSourcedId', stamp), org);
  ids(
    await manager
      .createQueryBuilder(MovedRecordEntity, 'moved')
      .select('DISTINCT moved.oldOrg', 'id')
      .getRawMany<{ id: string }>(),
    org,
  );
  const academicSession = new Set<string>();
  for (const column of ['sourcedId', 'parentSourcedId'])
    ids(
      await distinctWritten(manager.createQueryBuilder(AcademicSessionEntity, 'written'), `written.${column}`, stamp),
      academicSession,
    );
  return { org, academicSession };
}

/** Whether a tenant's scope (before the import) holds anything the import wrote. */
export function touchesScope(written: WrittenScope, scope: Record<ScopedType, ReadonlySet<string>>): boolean {
  return (['org', 'academicSession'] as const).some((type) => [...written[type]].some((id) => scope[type].has(id)));
}

/** The distinct values of `column` over the rows of `qb` (aliased `written`) that the import wrote. */
function distinctWritten(qb: SelectQueryBuilder<ObjectLiteral>, column: string, stamp: string) {
  return qb
    .select(`DISTINCT ${column}`, 'id')
    .where('written.dateLastModified = :stamp', { stamp })
    .getRawMany<{ id: string | null }>();
}
