import { describe, expect, it } from 'vitest';
import { RuleCollection, ServedRecord } from './rule-kit';
import { breachesOf, SDS_RULES } from './sds-rules';

const ref = (sourcedId: string, type: string) => ({ href: `https://x/${sourcedId}`, sourcedId, type });
const common = { sourcedId: 'r-1', status: 'active', dateLastModified: '2026-11-20T06:00:00.000Z' };

/** One record of each collection that keeps every rule, with values as SDS's documentation writes them. */
const VALID: Record<RuleCollection, ServedRecord> = {
  orgs: { ...common, name: 'Sint-Jan', type: 'academicTrust', identifier: '012345' },
  academicSessions: {
    ...common,
    title: '2026-27',
    type: 'schoolYear',
    schoolYear: '2027',
    startDate: '2026-09-01',
    endDate: '2027-06-30',
  },
  users: {
    ...common,
    username: 'cbeane@domain.com',
    givenName: 'Craig',
    familyName: 'Beane',
    identifier: '14001',
    role: 'teacherAssistant',
    email: 'cbeane@domain.com',
    phone: '+14255550100',
    sms: '+32470123456',
    grades: ['KG', '01', '7', 'PS1', 'Other', 'adulteducation'],
    orgs: [ref('s-1', 'org')],
    metadata: { 'microsoft.userFlags': 'ELL,504, freeLunch' },
  },
  classes: {
    ...common,
    title: 'Wiskunde 1A - Sint-Jan (2026-27)',
    grades: ['07'],
    school: ref('s-1', 'org'),
    terms: [ref('t-1', 'academicSession')],
  },
  enrollments: {
    ...common,
    role: 'teacher',
    user: ref('u-1', 'user'),
    class: ref('c-1', 'class'),
    school: ref('s-1', 'org'),
  },
};

/** Per rule: a change to the valid record that breaks it, and the value the breach reports. */
const BREAKS: Record<string, [Partial<ServedRecord>, string][]> = {
  'org.sourcedId': [[{ sourcedId: '' }, '']],
  'org.status': [[{ status: 'inactive' }, 'inactive']],
  'org.dateLastModified': [[{ dateLastModified: '2026-11-20T06:00:00Z' }, '2026-11-20T06:00:00Z']],
  'org.name': [[{ name: ' ' }, '']],
  'org.type': [[{ type: 'scholengroep' }, 'scholengroep']],
  'session.sourcedId': [[{ sourcedId: undefined }, '']],
  'session.status': [[{ status: 'deleted' }, 'deleted']],
  'session.dateLastModified': [[{ dateLastModified: '20/11/2026' }, '20/11/2026']],
  'session.type': [[{ type: 'trimester' }, 'trimester']],
  'session.schoolYear': [[{ schoolYear: '2026-27' }, '2026-27']],
  'session.dates': [[{ startDate: '01/09/2026' }, '01/09/2026']],
  'user.sourcedId': [[{ sourcedId: '' }, '']],
  'user.status': [[{ status: 'Active' }, 'Active']],
  'user.dateLastModified': [[{ dateLastModified: '2026-11-20' }, '2026-11-20']],
  'user.username': [[{ username: '' }, '']],
  'user.givenName': [[{ givenName: undefined }, '']],
  'user.familyName': [[{ familyName: '' }, '']],
  'user.identifier': [[{ identifier: undefined }, '']],
  'user.orgs': [[{ orgs: [] }, '']],
  'user.role': [
    [{ role: 'aide' }, 'aide'],
    [{ role: 'leerling' }, 'leerling'],
  ],
  // SDS's own example: "value 6 in GradeLevelCode … not found in RefGradeLevel" is about a SIS code; 1A is Flemish.
  'user.grades': [[{ grades: ['01', '1A'] }, '1A']],
  'user.email': [
    [{ email: 'cbeane@domain' }, 'cbeane@domain'],
    [{ email: 'c beane@domain.com' }, 'c beane@domain.com'],
  ],
  'user.email.case': [[{ email: 'CBeane@domain.com' }, 'CBeane@domain.com']],
  'user.phone': [[{ phone: '0470 12 34 56' }, '0470 12 34 56']],
  'user.sms': [[{ sms: '+0470123456' }, '+0470123456']],
  'user.username.entra': [[{ username: 'éva.peeters@school.be' }, 'éva.peeters@school.be']],
  'user.userFlags': [[{ metadata: { 'microsoft.userFlags': 'ELL,dyslexia' } }, 'dyslexia']],
  'class.sourcedId': [[{ sourcedId: '' }, '']],
  'class.status': [[{ status: '' }, '']],
  'class.dateLastModified': [[{ dateLastModified: 'yesterday' }, 'yesterday']],
  'class.title': [
    [{ title: '' }, ''],
    [{ title: 'x'.repeat(257) }, 'x'.repeat(257)],
  ],
  'class.title.characters': [[{ title: 'Frans 3/4: groep B' }, 'Frans 3/4: groep B']],
  'class.school': [[{ school: undefined }, '']],
  'class.terms': [[{ terms: [] }, '']],
  'class.grades': [[{ grades: ['06', '1B'] }, '1B']],
  'enrollment.sourcedId': [[{ sourcedId: '' }, '']],
  'enrollment.status': [[{ status: 'gone' }, 'gone']],
  'enrollment.dateLastModified': [
    [{ dateLastModified: '2026-11-20T06:00:00.000+01:00' }, '2026-11-20T06:00:00.000+01:00'],
  ],
  'enrollment.user': [[{ user: undefined }, '']],
  'enrollment.class': [[{ class: { sourcedId: '' } }, '']],
  'enrollment.school': [[{ school: null }, '']],
  'enrollment.role': [[{ role: 'aide' }, 'aide']],
};

describe('SDS rules', () => {
  it.each(Object.entries(VALID))(
    'a %s record with values from SDS documentation breaks no rule',
    (collection, record) => {
      expect(breachesOf(collection as RuleCollection, record)).toEqual([]);
    },
  );

  it('every rule has a source link, a fix and a test below', () => {
    for (const rule of SDS_RULES) {
      expect(rule.source, rule.id).toMatch(/^https:\/\//);
      expect(rule.fix, rule.id).not.toBe('');
      expect(BREAKS[rule.id], rule.id).toBeDefined();
    }
    expect(new Set(SDS_RULES.map((rule) => rule.id)).size).toBe(SDS_RULES.length);
  });

  it.each(
    SDS_RULES.flatMap((rule) =>
      (BREAKS[rule.id] ?? []).map(([change, value]) => [rule.id, rule, change, value] as const),
    ),
  )('%s: breached and reported with the value', (id, rule, change, value) => {
    const record = { ...VALID[rule.collection], ...change };
    expect(breachesOf(rule.collection, record).map((breach) => [breach.rule.id, breach.value])).toEqual([[id, value]]);
  });

  it('reads enumerations case-insensitively, as SDS does', () => {
    const record = { ...VALID.users, role: 'Teacher', grades: ['kg', 'pk', 'Other'] };
    expect(breachesOf('users', record)).toEqual([]);
    expect(breachesOf('orgs', { ...VALID.orgs, type: 'School' })).toEqual([]);
  });

  it('reads guardian, parent and relative as contacts: no unknown role, no account needed', () => {
    for (const role of ['guardian', 'parent', 'relative'])
      expect(breachesOf('users', { ...VALID.users, role, username: '', identifier: undefined })).toEqual([]);
  });

  it('leaves optional values out of the check when they are absent', () => {
    const { email: _e, phone: _p, sms: _s, grades: _g, metadata: _m, ...bare } = VALID.users;
    expect(breachesOf('users', bare)).toEqual([]);
  });
});
