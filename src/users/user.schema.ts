import { recordSchema } from '../oneroster/openapi/record-schema';
import { flag, guidRefs, oneOf, text, texts } from '../oneroster/openapi/schema-parts';
import { USER_ROLES } from './user.entity';
import { userResource } from './user.resource';
import type { UserJson } from './users.service';

const USER_IDS = {
  type: 'array',
  items: {
    type: 'object',
    required: ['type', 'identifier'],
    additionalProperties: false,
    properties: { type: text(), identifier: text() },
  },
};

/** A user as /users, /students and /teachers serve it. */
export const userSchema = recordSchema<UserJson>('User', userResource, 'A student, teacher, parent or other person.', {
  always: {
    username: text('The username your tenant serves (its assigned name, if any)'),
    userIds: USER_IDS,
    enabledUser: flag(),
    givenName: text(),
    familyName: text(),
    role: oneOf(USER_ROLES),
    agents: guidRefs('user', 'Parents of a student, students of a parent'),
    orgs: guidRefs('org', 'Schools and other orgs within your scope'),
    grades: texts(),
  },
  whenSet: {
    middleName: text(),
    identifier: text(),
    email: text(),
    sms: text(),
    phone: text(),
  },
});
