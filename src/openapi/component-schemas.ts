import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { academicSessionSchema } from '../academic-sessions/academic-session.schema';
import { ACCESS_TOKEN, ACCESS_TOKEN_SCHEMA, OAUTH_ERROR, OAUTH_ERROR_SCHEMA } from '../auth/token-endpoint.docs';
import { classSchema } from '../classes/class.schema';
import { courseSchema } from '../courses/course.schema';
import { demographicsSchema } from '../demographics/demographics.schema';
import { enrollmentSchema } from '../enrollments/enrollment.schema';
import { STATUS_INFO_SCHEMA } from '../oneroster/errors/status-info';
import { STATUS_INFO } from '../oneroster/openapi/response-docs';
import { GUID_REF, GUID_REF_SCHEMA } from '../oneroster/openapi/schema-parts';
import { orgSchema } from '../orgs/org.schema';
import { userSchema } from '../users/user.schema';

const RECORDS = [
  academicSessionSchema,
  classSchema,
  courseSchema,
  demographicsSchema,
  enrollmentSchema,
  orgSchema,
  userSchema,
];

/**
 * The named schemas the routes' decorators refer to by `$ref`, added to the document's components.
 * They are plain JSON Schema rather than @ApiProperty classes: a record needs `additionalProperties:
 * false`, per-reference GUIDRef types and the x-required-without-fields list, which classes cannot say.
 */
export const COMPONENT_SCHEMAS: Record<string, SchemaObject> = {
  [GUID_REF]: GUID_REF_SCHEMA,
  [STATUS_INFO]: STATUS_INFO_SCHEMA,
  [ACCESS_TOKEN]: ACCESS_TOKEN_SCHEMA,
  [OAUTH_ERROR]: OAUTH_ERROR_SCHEMA,
  ...Object.fromEntries(RECORDS.map((record) => [record.name, record.schema])),
};
