import { Collection } from './bench-sweep';

// One query per collection: the tenant's active rows with what the API's JSON needs, relations
// aggregated in SQL. `:tenant` is bound; AGG(x) joins with commas (see bench-database.ts).
const scoped = (type: string, column: string) =>
  `EXISTS (SELECT 1 FROM tenant_scope ts WHERE ts.tenant_id = :tenant AND ts.entity_type = '${type}' AND ts.sourced_id = ${column})`;
const common = (alias: string) =>
  ['sourced_id', 'status', 'date_last_modified', 'metadata'].map((c) => `${alias}.${c}`).join(', ');

export const BASELINE_SQL: Record<Collection, string> = {
  academicSessions: `
    SELECT ${common('s')}, s.title, s.type, s.start_date, s.end_date, s.parent_sourced_id, s.school_year,
      (SELECT AGG(c.sourced_id) FROM academic_sessions c WHERE c.parent_sourced_id = s.sourced_id AND ${scoped('academicSession', 'c.sourced_id')}) AS children
    FROM academic_sessions s
    WHERE s.status = 'active' AND ${scoped('academicSession', 's.sourced_id')}
    ORDER BY s.sourced_id`,
  orgs: `
    SELECT ${common('o')}, o.name, o.type, o.identifier, o.parent_sourced_id,
      (SELECT AGG(c.sourced_id) FROM orgs c WHERE c.parent_sourced_id = o.sourced_id AND ${scoped('org', 'c.sourced_id')}) AS children
    FROM orgs o
    WHERE o.status = 'active' AND ${scoped('org', 'o.sourced_id')}
    ORDER BY o.sourced_id`,
  users: `
    SELECT ${common('u')}, u.enabled_user, u.role, u.username, u.user_ids, u.given_name, u.family_name,
      u.middle_name, u.identifier, u.email, u.sms, u.phone, u.grades, tu.local_part, tu.domain,
      (SELECT AGG(uo.org_sourced_id) FROM user_orgs uo WHERE uo.user_sourced_id = u.sourced_id AND ${scoped('org', 'uo.org_sourced_id')}) AS orgs,
      (SELECT AGG(ua.agent_sourced_id) FROM user_agents ua WHERE ua.user_sourced_id = u.sourced_id) AS agents
    FROM users u
    LEFT JOIN tenant_usernames tu ON tu.tenant_id = :tenant AND tu.user_sourced_id = u.sourced_id
    WHERE u.status = 'active' AND EXISTS (SELECT 1 FROM user_orgs m WHERE m.user_sourced_id = u.sourced_id AND ${scoped('org', 'm.org_sourced_id')})
    ORDER BY u.sourced_id`,
  classes: `
    SELECT ${common('c')}, c.title, c.class_code, c.class_type, c.location, c.grades, c.subjects,
      c.subject_codes, c.periods, c.course_sourced_id, c.school_sourced_id,
      (SELECT AGG(ct.term_sourced_id) FROM class_terms ct WHERE ct.class_sourced_id = c.sourced_id) AS terms
    FROM classes c
    WHERE c.status = 'active' AND ${scoped('org', 'c.school_sourced_id')}
    ORDER BY c.sourced_id`,
  enrollments: `
    SELECT ${common('e')}, e.user_sourced_id, e.class_sourced_id, e.school_sourced_id, e.role, e."primary",
      e.begin_date, e.end_date
    FROM enrollments e
    WHERE e.status = 'active' AND ${scoped('org', 'e.school_sourced_id')}
    ORDER BY e.sourced_id`,
};
