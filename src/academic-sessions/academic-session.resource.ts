import { COMMON_FIELDS, COMMON_SELECTABLE, defineResource } from '../oneroster/query/resource';

export const academicSessionResource = defineResource({
  type: 'academicSession',
  keys: { collection: 'academicSessions', single: 'academicSession' },
  alias: 'session',
  fields: {
    ...COMMON_FIELDS,
    title: 'string',
    type: 'string',
    startDate: 'date',
    endDate: 'date',
    schoolYear: 'string',
    'parent.sourcedId': { kind: 'string', nullable: true, property: 'session.parentSourcedId' },
  },
  selectable: [...COMMON_SELECTABLE, 'title', 'startDate', 'endDate', 'type', 'parent', 'children', 'schoolYear'],
});
