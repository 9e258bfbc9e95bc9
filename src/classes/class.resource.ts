import { COMMON_FIELDS, COMMON_SELECTABLE, defineResource } from '../oneroster/query/resource';

export const classResource = defineResource({
  type: 'class',
  keys: { collection: 'classes', single: 'class' },
  alias: 'cls',
  fields: {
    ...COMMON_FIELDS,
    title: 'string',
    classCode: { kind: 'string', nullable: true },
    classType: 'string',
    location: { kind: 'string', nullable: true },
    'course.sourcedId': { kind: 'string', property: 'cls.courseSourcedId' },
    'school.sourcedId': { kind: 'string', property: 'cls.schoolSourcedId' },
  },
  selectable: [
    ...COMMON_SELECTABLE,
    'title',
    'classCode',
    'classType',
    'location',
    'grades',
    'subjects',
    'course',
    'school',
    'terms',
    'subjectCodes',
    'periods',
  ],
});
