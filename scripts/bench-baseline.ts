import { BASELINE_SQL } from './bench-baseline-sql';
import { BenchDatabase, Row } from './bench-database';
import { Collection, COLLECTIONS } from './bench-sweep';

export interface BaselineRead {
  collection: Collection;
  records: number;
  ms: number;
  queryMs: number;
}

type RefType = 'academicSession' | 'class' | 'course' | 'org' | 'user';
const COLLECTION_OF: Record<RefType, string> = {
  academicSession: 'academicSessions',
  class: 'classes',
  course: 'courses',
  org: 'orgs',
  user: 'users',
};

/**
 * The floor the API can approach: each collection's rows read with the same driver in one query and
 * serialised to JSON in pages of `pageSize`, with no HTTP and no framework.
 */
export async function readBaseline(
  db: BenchDatabase,
  tenant: string,
  apiBase: string,
  pageSize: number,
): Promise<BaselineRead[]> {
  const reads: BaselineRead[] = [];
  for (const collection of COLLECTIONS) {
    const started = performance.now();
    const rows = await db.query(BASELINE_SQL[collection], { tenant });
    const queryMs = performance.now() - started;
    const toJson = jsonMappers(apiBase)[collection];
    for (let i = 0; i < rows.length; i += pageSize)
      JSON.stringify({ [collection]: rows.slice(i, i + pageSize).map(toJson) });
    reads.push({ collection, records: rows.length, ms: performance.now() - started, queryMs });
  }
  return reads;
}

function jsonMappers(apiBase: string): Record<Collection, (row: Row) => object> {
  const ref = (type: RefType, id: unknown) => ({
    href: `${apiBase}/${COLLECTION_OF[type]}/${encodeURIComponent(String(id))}`,
    sourcedId: id,
    type,
  });
  const refs = (type: RefType, ids: unknown) =>
    ids
      ? String(ids)
          .split(',')
          .map((id) => ref(type, id))
      : [];
  const optionalRef = (key: string, type: RefType, id: unknown) => (id ? { [key]: ref(type, id) } : {});
  return {
    academicSessions: (r) => ({
      ...common(r),
      title: r.title,
      startDate: r.start_date,
      endDate: r.end_date,
      type: r.type,
      ...optionalRef('parent', 'academicSession', r.parent_sourced_id),
      children: refs('academicSession', r.children),
      schoolYear: r.school_year,
    }),
    orgs: (r) => ({
      ...common(r),
      name: r.name,
      type: r.type,
      ...optional('identifier', r.identifier),
      ...optionalRef('parent', 'org', r.parent_sourced_id),
      children: refs('org', r.children),
    }),
    users: (r) => ({
      ...common(r),
      username: r.local_part ? `${r.local_part}@${r.domain}` : r.username,
      userIds: list(r.user_ids),
      enabledUser: Boolean(r.enabled_user),
      givenName: r.given_name,
      familyName: r.family_name,
      ...optional('middleName', r.middle_name),
      role: r.role,
      ...optional('identifier', r.identifier),
      ...optional('email', r.email),
      ...optional('sms', r.sms),
      ...optional('phone', r.phone),
      agents: refs('user', r.agents),
      orgs: refs('org', r.orgs),
      grades: list(r.grades),
    }),
    classes: (r) => ({
      ...common(r),
      title: r.title,
      ...optional('classCode', r.class_code),
      classType: r.class_type,
      ...optional('location', r.location),
      grades: list(r.grades),
      subjects: list(r.subjects),
      course: ref('course', r.course_sourced_id),
      school: ref('org', r.school_sourced_id),
      terms: refs('academicSession', r.terms),
      subjectCodes: list(r.subject_codes),
      periods: list(r.periods),
    }),
    enrollments: (r) => ({
      ...common(r),
      user: ref('user', r.user_sourced_id),
      class: ref('class', r.class_sourced_id),
      school: ref('org', r.school_sourced_id),
      role: r.role,
      ...optional('primary', r.primary === null ? null : Boolean(r.primary)),
      ...optional('beginDate', r.begin_date),
      ...optional('endDate', r.end_date),
    }),
  };
}

const common = (r: Row) => ({
  sourcedId: r.sourced_id,
  status: r.status,
  dateLastModified: r.date_last_modified,
  ...(r.metadata ? { metadata: JSON.parse(String(r.metadata)) } : {}),
});
const optional = (key: string, value: unknown) =>
  value === null || value === undefined || value === '' ? {} : { [key]: value };
const list = (json: unknown): unknown[] => (json ? JSON.parse(String(json)) : []);
