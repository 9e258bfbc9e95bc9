import { recordSchema } from '../oneroster/openapi/record-schema';
import { guidRef, guidRefs, oneOf, text, texts } from '../oneroster/openapi/schema-parts';
import { CLASS_TYPES } from './class.entity';
import { classResource } from './class.resource';
import type { ClassJson } from './classes.service';

/** A class as /classes and the nested class routes serve it. */
export const classSchema = recordSchema<ClassJson>('Class', classResource, 'A class of a course at a school.', {
  always: {
    title: text("As your tenant's class title format renders it"),
    classType: oneOf(CLASS_TYPES),
    grades: texts(),
    subjects: texts(),
    course: guidRef('course'),
    school: guidRef('org'),
    terms: guidRefs('academicSession'),
    subjectCodes: texts(),
    periods: texts(),
  },
  whenSet: {
    classCode: text(),
    location: text(),
  },
});
