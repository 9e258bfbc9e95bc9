import { COMMON_FIELDS, COMMON_SELECTABLE, defineResource } from '../oneroster/query/resource';

export const orgResource = defineResource({
  type: 'org',
  keys: { collection: 'orgs', single: 'org' },
  alias: 'org',
  fields: {
    ...COMMON_FIELDS,
    name: 'string',
    type: 'string',
    identifier: { kind: 'string', nullable: true },
    'parent.sourcedId': { kind: 'string', nullable: true, property: 'org.parentSourcedId' },
  },
  selectable: [...COMMON_SELECTABLE, 'name', 'type', 'identifier', 'parent', 'children'],
});
