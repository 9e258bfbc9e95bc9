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
import { RosterFile } from './manifest';
import { DepartingType } from '../tenancy/tenant-departure.entity';
import { jsonText, sourceColumn } from '../database/json-copy';
import { classSpansOnCopy, enrollmentSpansOnCopy, refreshClassSpans } from '../publication/roster-spans';

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
   * rows (it may join what it needs), whose JSON is `json`. It first brings what it reads up to date with this import,
   * whose records carry `writtenAt`.
   */
  derivedOnCopy?: (
    manager: EntityManager,
    copy: { source: SelectQueryBuilder<ObjectLiteral>; json: string; writtenAt: string },
  ) => Promise<Record<string, string>>;
}

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
    derivedOnCopy: async (manager, { source }) => classSpansOnCopy(manager, sourceColumn(source, 'sourcedId')),
  },
  users: {
    entity: UserEntity,
    links: [
      USER_ORGS,
      { entity: UserAgentEntity, payloadKey: 'agents', owner: 'userSourcedId', target: 'agentSourcedId' },
    ],
    owner: { type: 'user', link: USER_ORGS },
  },
  enrollments: {
    entity: EnrollmentEntity,
    links: [],
    owner: { type: 'enrollment', column: 'schoolSourcedId' },
    derivedOnCopy: async (manager, { source, json, writtenAt }) => {
      await refreshClassSpans(manager, { at: writtenAt });
      return enrollmentSpansOnCopy(manager, source, jsonText(manager, json, 'classSourcedId'));
    },
  },
  demographics: { entity: DemographicsEntity, links: [] },
};
