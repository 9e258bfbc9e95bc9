import { recordSchema } from '../oneroster/openapi/record-schema';
import { guidRef, text, texts } from '../oneroster/openapi/schema-parts';
import { courseResource } from './course.resource';
import type { CourseJson } from './courses.service';

/** A course as /courses and /schools/{id}/courses serve it. */
export const courseSchema = recordSchema<CourseJson>('Course', courseResource, 'A course offered by an org.', {
  always: {
    title: text(),
    grades: texts(),
    subjects: texts(),
    org: guidRef('org'),
    subjectCodes: texts(),
  },
  whenSet: {
    schoolYear: guidRef('academicSession'),
    courseCode: text(),
  },
});
