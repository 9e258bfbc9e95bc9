import { COMMON_FIELDS, COMMON_SELECTABLE, defineResource } from '../oneroster/query/resource';

export const enrollmentResource = defineResource({
  type: 'enrollment',
  keys: { collection: 'enrollments', single: 'enrollment' },
  alias: 'enrollment',
  fields: {
    ...COMMON_FIELDS,
    role: 'string',
    primary: { kind: 'boolean', nullable: true },
    beginDate: { kind: 'date', nullable: true },
    endDate: { kind: 'date', nullable: true },
    'user.sourcedId': { kind: 'string', property: 'enrollment.userSourcedId' },
    'class.sourcedId': { kind: 'string', property: 'enrollment.classSourcedId' },
    'school.sourcedId': { kind: 'string', property: 'enrollment.schoolSourcedId' },
  },
  selectable: [...COMMON_SELECTABLE, 'user', 'class', 'school', 'role', 'primary', 'beginDate', 'endDate'],
});
