import { recordSchema } from '../oneroster/openapi/record-schema';
import { date, guidRef, guidRefs, oneOf, text } from '../oneroster/openapi/schema-parts';
import { SESSION_TYPES } from './academic-session.entity';
import { academicSessionResource } from './academic-session.resource';
import type { AcademicSessionJson } from './academic-sessions.service';

/** An academic session as /academicSessions, /terms and /gradingPeriods serve it. */
export const academicSessionSchema = recordSchema<AcademicSessionJson>(
  'AcademicSession',
  academicSessionResource,
  'A school year, term, semester or grading period.',
  {
    always: {
      title: text(),
      startDate: date(),
      endDate: date(),
      type: oneOf(SESSION_TYPES),
      children: guidRefs('academicSession'),
      schoolYear: {
        type: 'string',
        pattern: '^\\d{4}$',
        description: 'The year the school year ends, e.g. 2027 for 2026-27',
      },
    },
    whenSet: {
      parent: guidRef('academicSession'),
    },
  },
);
