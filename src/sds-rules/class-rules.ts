import { commonRules } from './org-rules';
import { emptyRefs, GROUP_NAME_MAX, GROUP_NAME_REFUSED, noRef, SdsRule, text, unlisted } from './rule-kit';
import {
  ENROLLMENT_ROLES,
  GROUP_RESOURCE_PAGE,
  ONEROSTER_SPEC,
  SDS_ONEROSTER_PAGE,
  SHAREPOINT_NAMES_PAGE,
} from './sds-values';
import { gradeRule } from './user-rules';

const TITLE_FIX = "shorten or rename the class in the SIS, or change the tenant's --class-title format";
const reference = (collection: 'classes' | 'enrollments', prefix: string, field: string, what: string): SdsRule => ({
  collection,
  id: `${prefix}.${field}`,
  field,
  severity: 'error',
  rule: `a ${field} reference`,
  source: SDS_ONEROSTER_PAGE,
  fix: `link the ${prefix} to its ${what} in the SIS`,
  breaches: noRef(field),
});

export const CLASS_RULES: SdsRule[] = [
  ...commonRules('classes', 'class'),
  {
    collection: 'classes',
    id: 'class.title',
    field: 'title',
    severity: 'error',
    rule: `a title of 1 to ${GROUP_NAME_MAX} characters (the class group's displayName)`,
    source: GROUP_RESOURCE_PAGE,
    fix: TITLE_FIX,
    breaches: (record) => {
      const length = [...text(record.title).trim()].length;
      return length === 0 || length > GROUP_NAME_MAX ? [text(record.title)] : [];
    },
  },
  {
    collection: 'classes',
    id: 'class.title.characters',
    field: 'title',
    severity: 'warning',
    rule: 'a title without " * : < > ? / \\ | (refused in the class team\'s SharePoint names)',
    source: SHAREPOINT_NAMES_PAGE,
    fix: TITLE_FIX,
    breaches: (record) => [text(record.title)].filter((title) => GROUP_NAME_REFUSED.test(title)),
  },
  reference('classes', 'class', 'school', 'school'),
  {
    collection: 'classes',
    id: 'class.terms',
    field: 'terms',
    severity: 'error',
    rule: 'at least one term',
    source: SDS_ONEROSTER_PAGE,
    fix: 'link the class to its term or school year in the SIS',
    breaches: emptyRefs('terms'),
  },
  gradeRule('classes', 'class'),
];

export const ENROLLMENT_RULES: SdsRule[] = [
  ...commonRules('enrollments', 'enrollment'),
  reference('enrollments', 'enrollment', 'user', 'person'),
  reference('enrollments', 'enrollment', 'class', 'class'),
  reference('enrollments', 'enrollment', 'school', 'school'),
  {
    collection: 'enrollments',
    id: 'enrollment.role',
    field: 'role',
    severity: 'error',
    rule: 'role administrator, proctor, student or teacher (OneRoster 1.1)',
    source: ONEROSTER_SPEC,
    fix: 'export the enrollment as teacher or student (an aide as teacher)',
    breaches: unlisted(ENROLLMENT_ROLES, 'role'),
  },
];
