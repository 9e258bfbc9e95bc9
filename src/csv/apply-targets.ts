import { EntityManager, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { AcademicSessionEntity } from '../academic-sessions/academic-session.entity';
import { ClassTermEntity } from '../classes/class-term.entity';
import { ClassEntity } from '../classes/class.entity';
import { CourseEntity } from '../courses/course.entity';
import { DemographicsEntity } from '../demographics/demographics.entity';
import { EnrollmentEntity } from '../enrollments/enrollment.entity';
import { OrgEntity } from '../orgs/org.entity';
import { UserAgentEntity } from '../users/user-agent.entity';
import { UserOrgEntity } from '../tenancy/user-org.entity';
import { UserEntity } from '../users/user.entity';
import { ROSTER_FILES, RosterFile } from './manifest';
import { DepartingType } from '../tenancy/tenant-departure.entity';
import { ByMembers, sourceColumn } from '../database/json-copy';
import {
  classSpansOnCopy,
  enrollmentSpansOnCopy,
  FilledTables,
  firstBeginDatesOnCopy,
  refreshClassSpans,
} from '../publication/roster-spans';

const USER_ORGS: LinkTable = {
  entity: UserOrgEntity,
  payloadKey: 'orgs',
  owner: 'userSourcedId',
  target: 'orgSourcedId',
};

/** A relation list of a record, kept in its own table with the CSV order as `position`. */
export interface LinkTable {
  entity: new () => ObjectLiteral;
  /** Key of the list in the staged payload. */
  payloadKey: string;
  owner: string;
  target: string;
}

export interface ApplyTarget {
  entity: new () => ObjectLiteral;
  links: LinkTable[];
  /**
   * Where a record's org is kept, when the org puts it in a tenant's view: a column, or (users) the org list.
   * An import that changes it records the old one (see MovedRecordEntity).
   */
  owner?: { type: DepartingType; column: string } | { type: DepartingType; link: LinkTable };
  /**
   * Derived columns a record copied by the database takes as it is inserted: property → SQL over `source`, the copied
   * rows (`given`), or over tables joined by the rows' JSON members (`joins`). It first brings what it reads up to date
   * with this import, whose records carry `writtenAt`, and may read the tables it `filled` from empty in one pass (their
   * indexes are built later).
   */
  derivedOnCopy?: (
    manager: EntityManager,
    copy: { source: SelectQueryBuilder<ObjectLiteral>; writtenAt: string; filled: FilledTables },
  ) => Promise<{ given?: Record<string, string>; joins?: ByMembers['joins'] }>;
}

/**
 * The order the files are applied in: the order they are read (references point backwards), but for the enrollments,
 * applied before the users, whose first begin dates a copy derives from them (see firstBeginDatesOnCopy). Derived from
 * ROSTER_FILES, so a file added there is applied too.
 */
export const APPLY_ORDER: readonly RosterFile[] = ROSTER_FILES.flatMap((file): RosterFile[] => {
  if (file === 'enrollments') return [];
  return file === 'users' ? ['enrollments', 'users'] : [file];
});

/** Every table a target writes: its records' and its relation lists'. */
export const tablesOf = (target: ApplyTarget) => [target.entity, ...target.links.map((link) => link.entity)];

/** Where each file's records go. */
export const APPLY_TARGETS: Record<RosterFile, ApplyTarget> = {
  orgs: { entity: OrgEntity, links: [] },
  academicSessions: { entity: AcademicSessionEntity, links: [] },
  courses: { entity: CourseEntity, links: [], owner: { type: 'course', column: 'orgSourcedId' } },
  classes: {
    entity: ClassEntity,
    links: [{ entity: ClassTermEntity, payloadKey: 'terms', owner: 'classSourcedId', target: 'termSourcedId' }],
    owner: { type: 'class', column: 'schoolSourcedId' },
    derivedOnCopy: async (manager, { source }) => ({
      given: classSpansOnCopy(manager, sourceColumn(source, 'sourcedId')),
    }),
  },
  users: {
    entity: UserEntity,
    links: [
      USER_ORGS,
      { entity: UserAgentEntity, payloadKey: 'agents', owner: 'userSourcedId', target: 'agentSourcedId' },
    ],
    owner: { type: 'user', link: USER_ORGS },
    derivedOnCopy: async (manager, { source, filled }) => ({ given: firstBeginDatesOnCopy(manager, source, filled) }),
  },
  enrollments: {
    entity: EnrollmentEntity,
    links: [],
    owner: { type: 'enrollment', column: 'schoolSourcedId' },
    derivedOnCopy: async (manager, { writtenAt }) => {
      await refreshClassSpans(manager, { at: writtenAt });
      return { joins: enrollmentSpansOnCopy(manager) };
    },
  },
  demographics: { entity: DemographicsEntity, links: [] },
};
