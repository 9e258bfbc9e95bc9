import { USER_ROLES, UserEntity, UserIdentifier } from '../../users/user.entity';
import { COMMON_COLUMNS, RecordFileSpec } from '../file-spec';
import { RowReader } from '../row-reader';

/** `{LDAP:12},{LTI:15}` → [{type:'LDAP', identifier:'12'}, …] */
function userIds(row: RowReader): UserIdentifier[] | null {
  const value = row.text('userIds');
  if (!value) return null;
  const items = value.match(/\{[^{}]*\}/g) ?? [];
  const rest = value.replace(/\{[^{}]*\}/g, '').replace(/[\s,]/g, '');
  const parsed = items.map((item) => /^\{\s*([^:{}]+?)\s*:\s*([^{}]*?)\s*\}$/.exec(item));
  if (rest || parsed.some((match) => !match || !match[2])) {
    row.error('userIds', `'${value}' is not a list of {type:identifier}`);
    return null;
  }
  return parsed.map((match) => ({ type: match![1], identifier: match![2] }));
}

export const usersCsv: RecordFileSpec<UserEntity, 'orgs' | 'agents', 'firstBeginDate'> = {
  file: 'users',
  entityType: 'user',
  columns: [
    ...COMMON_COLUMNS,
    'enabledUser',
    'orgSourcedIds',
    'role',
    'username',
    'userIds',
    'givenName',
    'familyName',
    'middleName',
    'identifier',
    'email',
    'sms',
    'phone',
    'agentSourcedIds',
    'grades',
    'password',
  ],
  renamed: { userId: 'userIds', agents: 'agentSourcedIds', orgIds: 'orgSourcedIds', agentIds: 'agentSourcedIds' },
  // password is read past on purpose: this service never stores or serves passwords.
  read: (row) => ({
    enabledUser: row.boolean('enabledUser', true),
    role: row.enumValue('role', USER_ROLES),
    // username may be blank: the SIS login name is optional for us; SDS usernames are generated.
    username: row.text('username') ?? '',
    userIds: userIds(row),
    givenName: row.required('givenName'),
    familyName: row.required('familyName'),
    middleName: row.text('middleName'),
    identifier: row.text('identifier'),
    email: row.text('email'),
    sms: row.text('sms'),
    phone: row.text('phone'),
    grades: row.list('grades'),
    orgs: row.refs('orgSourcedIds', 'org', true),
    agents: row.refs('agentSourcedIds', 'user'),
  }),
};
