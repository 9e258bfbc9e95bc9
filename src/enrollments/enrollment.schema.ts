import { recordSchema } from '../oneroster/openapi/record-schema';
import { date, flag, guidRef, oneOf } from '../oneroster/openapi/schema-parts';
import { ENROLLMENT_ROLES } from './enrollment.entity';
import { enrollmentResource } from './enrollment.resource';
import type { EnrollmentJson } from './enrollments.service';

/** An enrollment as /enrollments and the nested enrollment routes serve it. */
export const enrollmentSchema = recordSchema<EnrollmentJson>(
  'Enrollment',
  enrollmentResource,
  "A user's place in a class.",
  {
    always: {
      user: guidRef('user'),
      class: guidRef('class'),
      school: guidRef('org'),
      role: oneOf(ENROLLMENT_ROLES),
    },
    whenSet: {
      primary: flag("Whether the teacher is the class's primary teacher"),
      beginDate: date(),
      endDate: date(),
    },
  },
);
