import { COMMON_FIELDS, COMMON_SELECTABLE, defineResource } from '../oneroster/query/resource';

export const userResource = defineResource({
  type: 'user',
  keys: { collection: 'users', single: 'user' },
  alias: 'usr',
  fields: {
    ...COMMON_FIELDS,
    username: 'string',
    enabledUser: 'boolean',
    givenName: 'string',
    familyName: 'string',
    middleName: { kind: 'string', nullable: true },
    role: 'string',
    identifier: { kind: 'string', nullable: true },
    email: { kind: 'string', nullable: true },
    sms: { kind: 'string', nullable: true },
    phone: { kind: 'string', nullable: true },
  },
  selectable: [
    ...COMMON_SELECTABLE, 'username', 'userIds', 'enabledUser', 'givenName', 'familyName', 'middleName', 'role',
    'identifier', 'email', 'sms', 'phone', 'agents', 'orgs', 'grades',
  ],
});
