/**
 * The values School Data Sync accepts, as its documentation lists them. Enumerations are matched
 * case-insensitively (SDS "Matching and Validation Rules by Data Type"), so every list is kept and
 * compared in lower case.
 */

/** SDS "Default List of Values": the list every enumeration below comes from. */
export const SDS_VALUES_PAGE = 'https://learn.microsoft.com/en-us/schooldatasync/default-list-of-values';
/** SDS "Matching and Validation Rules by Data Type": emails RFC 5322 and lower-cased, phones E.164, enums case-insensitive. */
export const SDS_VALIDATION_PAGE =
  'https://learn.microsoft.com/en-us/schooldatasync/data-handling-for-sds-classic-sync-profiles-as-a-source';
/** SDS "OneRoster API data accessed by SDS": the fields SDS reads of each OneRoster resource. */
export const SDS_ONEROSTER_PAGE = 'https://learn.microsoft.com/en-us/schooldatasync/oneroster-api-data-accessed-by-sds';
/** OneRoster 1.1 information model: enrollment roles, academic session types, the common fields. */
export const ONEROSTER_SPEC = 'https://www.imsglobal.org/oneroster-v11-final-specification#_Toc480452020';
/** Entra ID userPrincipalName rules (characters, 64 before @). */
export const ENTRA_UPN_PAGE =
  'https://learn.microsoft.com/en-us/entra/identity/authentication/concept-sspr-policy#username-policies';
/** Microsoft Graph group resource: displayName, at most 256 characters. */
export const GROUP_RESOURCE_PAGE = 'https://learn.microsoft.com/en-us/graph/api/resources/group#properties';
/** Characters SharePoint (the class team's site and files) refuses in names. */
export const SHAREPOINT_NAMES_PAGE =
  'https://support.microsoft.com/office/restrictions-and-limitations-in-onedrive-and-sharepoint-64883a5d-228e-48f5-b3d2-eb39e07630fa#invalidcharacters';

const lower = (values: readonly string[]) => new Set(values.map((value) => value.toLowerCase()));

/** "Organization Types" (orgs `type`). */
export const ORG_TYPES = lower([
  'school',
  'ministryOfEducation',
  'localAuthority',
  'department',
  'university',
  'region',
  'district',
  'college',
  'division',
  'local',
  'campus',
  'province',
  'state',
  'adultEducation',
  'researchCenter',
  'national',
  'municipality',
  'program',
  'departmentOfEducation',
  'academicTrust',
]);

/** "Organization user roles" (users `role`), Staff and Student role groups and `other`. */
export const USER_ROLES = lower([
  'principal',
  'chair',
  'professor',
  'researcher',
  'adjunct',
  'affiliate',
  'occupationalTherapist',
  'physicalTherapist',
  'speechTherapist',
  'visionTherapist',
  'paraprofessional',
  'specialServices',
  'advisor',
  'proctor',
  'nurse',
  'officeStaff',
  'lecturer',
  'itAdmin',
  'administrator',
  'teacher',
  'faculty',
  'staff',
  'teacherAssistant',
  'assistant',
  'instructor',
  'substitute',
  'coach',
  'alumni',
  'student',
  'other',
]);

/** OneRoster 1.1 roles SDS reads as contacts (`agents`, `role='guardian'`), not as students or staff. */
export const CONTACT_ROLES = lower(['guardian', 'parent', 'relative']);

/**
 * "Grade levels" (users `grades`, classes `grades`; SDS's RefGradeLevel). Numbers are accepted with or
 * without their leading zero. Corroborated by the SchoolDataSyncV2CSV module's own check (PowerShell Gallery).
 */
export const GRADE_LEVELS = lower([
  'IT',
  'PR',
  'PK',
  'TK',
  'KG',
  ...Array.from({ length: 9 }, (_, i) => [`0${i + 1}`, `${i + 1}`]).flat(),
  '10',
  '11',
  '12',
  '13',
  '14',
  'PS',
  'UG',
  'Other',
  'PS1',
  'PS2',
  'PS3',
  'PS4',
  'undergraduate',
  'graduate',
  'postgraduate',
  'alumni',
  'adultEducation',
]);

/** OneRoster 1.1 enrollment roles. */
export const ENROLLMENT_ROLES = lower(['administrator', 'proctor', 'student', 'teacher']);

/** OneRoster 1.1 academic session types. */
export const SESSION_TYPES = lower(['gradingPeriod', 'semester', 'schoolYear', 'term']);

/** The `metadata.microsoft.userFlags` values SDS reads. */
export const USER_FLAGS = lower(['freeLunch', 'homeless', 'giftedOrTalented', '504', 'ELL', 'LEP', 'IEP']);

/** Whether `value` is in `values`, compared as SDS compares enumerations: case-insensitively. */
export function isListed(values: ReadonlySet<string>, value: string): boolean {
  return values.has(value.toLowerCase());
}
