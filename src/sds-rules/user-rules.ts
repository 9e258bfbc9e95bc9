import { isEntraUsername } from '../identity/upn-normalize';
import { E164, EMAIL, emptyRefs, missing, optional, SdsRule, ServedRecord, strings, text } from './rule-kit';
import { commonRules } from './org-rules';
import {
  CONTACT_ROLES,
  ENTRA_UPN_PAGE,
  GRADE_LEVELS,
  isListed,
  SDS_ONEROSTER_PAGE,
  SDS_VALIDATION_PAGE,
  SDS_VALUES_PAGE,
  USER_FLAGS,
  USER_ROLES,
} from './sds-values';

const user = { collection: 'users' as const };
const isContact = (record: ServedRecord) => isListed(CONTACT_ROLES, text(record.role));
/** Students and staff need it; contacts (guardians, parents, relatives) hold no account and need not. */
const required = (field: string, fix: string, ofContacts = true): SdsRule => ({
  ...user,
  id: `user.${field}`,
  field,
  severity: 'error',
  rule: ofContacts ? `a ${field}` : `a ${field} (students and staff)`,
  source: SDS_ONEROSTER_PAGE,
  fix,
  breaches: (record) => (!ofContacts && isContact(record) ? [] : missing(field)(record)),
});
const phone = (field: 'phone' | 'sms'): SdsRule => ({
  ...user,
  id: `user.${field}`,
  field,
  severity: 'warning',
  rule: `${field} in E.164 form (+ country code and number, no spaces)`,
  source: SDS_VALIDATION_PAGE,
  fix: `write the ${field} number as +32470123456 in the SIS, or leave it empty`,
  breaches: optional(field, (value) => E164.test(value)),
});

/** Grade values outside SDS's list: its "value 6 in GradeLevelCode … not found in RefGradeLevel". */
const GRADE_FIX =
  'map the SIS grade to an SDS grade level: npm run cli -- tenants update <tenant> --grade-map "<SIS grade>=<SDS grade>,…" (e.g. 1A=07)';

/** Users and classes: grades from SDS's RefGradeLevel, one rule for both. */
export const gradeRule = (collection: 'users' | 'classes', prefix: 'user' | 'class'): SdsRule => ({
  collection,
  id: `${prefix}.grades`,
  field: 'grades',
  severity: 'warning',
  rule: 'grades from SDS "Grade levels" (RefGradeLevel)',
  source: SDS_VALUES_PAGE,
  fix: GRADE_FIX,
  breaches: (record) => strings(record.grades).filter((grade) => !isListed(GRADE_LEVELS, grade)),
});

export const USER_RULES: SdsRule[] = [
  ...commonRules('users', 'user'),
  required('username', 'give the user a username (here: usernames export, then import the corrections)', false),
  required('givenName', "fill in the user's given name in the SIS"),
  required('familyName', "fill in the user's family name in the SIS"),
  required('identifier', "export the user's SIS number as identifier: SDS needs it", false),
  {
    ...user,
    id: 'user.orgs',
    field: 'orgs',
    severity: 'error',
    rule: 'at least one org in the tenant',
    source: SDS_ONEROSTER_PAGE,
    fix: "link the user to a school in the SIS, or bring the user's school into the tenant's scope",
    breaches: emptyRefs('orgs'),
  },
  {
    ...user,
    id: 'user.role',
    field: 'role',
    severity: 'error',
    rule: 'a role from SDS "Organization user roles" (or guardian, parent, relative as contacts)',
    source: SDS_VALUES_PAGE,
    fix: 'export the person with a role SDS knows (teacher, administrator, student, …); SDS has no aide',
    breaches: (record) =>
      [text(record.role)].filter((role) => !isListed(USER_ROLES, role) && !isListed(CONTACT_ROLES, role)),
  },
  gradeRule('users', 'user'),
  {
    ...user,
    id: 'user.email',
    field: 'email',
    severity: 'warning',
    rule: 'email a valid address (RFC 5322)',
    source: SDS_VALIDATION_PAGE,
    fix: 'correct the address in the SIS, or leave it empty',
    breaches: optional('email', (value) => EMAIL.test(value)),
  },
  {
    ...user,
    id: 'user.email.case',
    field: 'email',
    severity: 'warning',
    rule: 'email in lower case (SDS matches and stores it lower-cased)',
    source: SDS_VALIDATION_PAGE,
    fix: 'write the address in lower case in the SIS, as Entra and SDS compare it',
    breaches: optional('email', (value) => !EMAIL.test(value) || value === value.toLowerCase()),
  },
  phone('phone'),
  phone('sms'),
  {
    ...user,
    id: 'user.username.entra',
    field: 'username',
    severity: 'warning',
    rule: 'a username Entra accepts before @ (a-z, 0-9, single . _ - between them, at most 64)',
    source: ENTRA_UPN_PAGE,
    fix: 'SDS cannot match or create this account: correct it in the username review (usernames export/import)',
    breaches: (record) => (isContact(record) ? [] : optional('username', isEntraUsername)(record)),
  },
  {
    ...user,
    id: 'user.userFlags',
    field: 'metadata.microsoft.userFlags',
    severity: 'warning',
    rule: 'userFlags a comma list of freeLunch, homeless, giftedOrTalented, 504, ELL, LEP, IEP',
    source: SDS_ONEROSTER_PAGE,
    fix: 'export only the flags SDS knows in metadata.microsoft.userFlags',
    breaches: (record) =>
      text((record.metadata as ServedRecord | undefined)?.['microsoft.userFlags'])
        .split(',')
        .map((flag) => flag.trim())
        .filter((flag) => flag !== '' && !isListed(USER_FLAGS, flag)),
  },
];
