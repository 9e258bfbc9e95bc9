import { missing, optional, RuleCollection, SdsRule, text, TIMESTAMP, unlisted, DATE } from './rule-kit';
import { ONEROSTER_SPEC, ORG_TYPES, SDS_ONEROSTER_PAGE, SDS_VALUES_PAGE, SESSION_TYPES } from './sds-values';

/** Every record: the OneRoster 1.1 common fields SDS reads. */
export function commonRules(collection: RuleCollection, prefix: string): SdsRule[] {
  const base = { collection, severity: 'error' as const, source: SDS_ONEROSTER_PAGE };
  return [
    {
      ...base,
      id: `${prefix}.sourcedId`,
      field: 'sourcedId',
      rule: 'a non-empty sourcedId',
      fix: 'give every record a stable sourcedId in the SIS export',
      breaches: missing('sourcedId'),
    },
    {
      ...base,
      id: `${prefix}.status`,
      field: 'status',
      rule: "status 'active' or 'tobedeleted'",
      fix: "export status as 'active' or 'tobedeleted'",
      breaches: (record) => [text(record.status)].filter((s) => s !== 'active' && s !== 'tobedeleted'),
    },
    {
      ...base,
      id: `${prefix}.dateLastModified`,
      field: 'dateLastModified',
      rule: 'dateLastModified as YYYY-MM-DDTHH:mm:ss.SSSZ',
      fix: 'serve dateLastModified in UTC with milliseconds, e.g. 2026-11-20T06:00:00.000Z',
      breaches: optional('dateLastModified', (value) => TIMESTAMP.test(value)),
    },
  ];
}

export const ORG_RULES: SdsRule[] = [
  ...commonRules('orgs', 'org'),
  {
    id: 'org.name',
    collection: 'orgs',
    field: 'name',
    severity: 'error',
    rule: 'a name',
    source: SDS_ONEROSTER_PAGE,
    fix: 'give the org a name in the SIS',
    breaches: missing('name'),
  },
  {
    id: 'org.type',
    collection: 'orgs',
    field: 'type',
    severity: 'error',
    rule: 'a type from SDS "Organization Types"',
    source: SDS_VALUES_PAGE,
    fix: "export the org type as one of SDS's organization types (school, district, department, …)",
    breaches: unlisted(ORG_TYPES, 'type'),
  },
];

export const SESSION_RULES: SdsRule[] = [
  ...commonRules('academicSessions', 'session'),
  {
    id: 'session.type',
    collection: 'academicSessions',
    field: 'type',
    severity: 'error',
    rule: 'type gradingPeriod, semester, schoolYear or term',
    source: ONEROSTER_SPEC,
    fix: 'export the session type as gradingPeriod, semester, schoolYear or term',
    breaches: unlisted(SESSION_TYPES, 'type'),
  },
  {
    id: 'session.schoolYear',
    collection: 'academicSessions',
    field: 'schoolYear',
    severity: 'error',
    rule: 'schoolYear as four digits, the year the school year ends',
    source: SDS_ONEROSTER_PAGE,
    fix: 'export schoolYear as the ending year, e.g. 2027 for 2026-27',
    breaches: (record) => [text(record.schoolYear)].filter((year) => !/^\d{4}$/.test(year)),
  },
  {
    id: 'session.dates',
    collection: 'academicSessions',
    field: 'startDate, endDate',
    severity: 'error',
    rule: 'startDate and endDate as YYYY-MM-DD',
    source: SDS_ONEROSTER_PAGE,
    fix: 'export the dates as YYYY-MM-DD',
    breaches: (record) => [text(record.startDate), text(record.endDate)].filter((date) => !DATE.test(date)),
  },
];
