import { COMMON_FIELDS, COMMON_SELECTABLE, defineResource } from '../oneroster/query/resource';

export const courseResource = defineResource({
  type: 'course',
  keys: { collection: 'courses', single: 'course' },
  alias: 'course',
  fields: {
    ...COMMON_FIELDS,
    title: 'string',
    courseCode: { kind: 'string', nullable: true },
    'schoolYear.sourcedId': { kind: 'string', nullable: true, property: 'course.schoolYearSourcedId' },
    'org.sourcedId': { kind: 'string', property: 'course.orgSourcedId' },
  },
  selectable: [...COMMON_SELECTABLE, 'title', 'schoolYear', 'courseCode', 'grades', 'subjects', 'org', 'subjectCodes'],
});
