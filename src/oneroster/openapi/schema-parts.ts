import type { ReferenceObject, SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { GuidRefType } from '../guid-ref';

/** A `$ref` to a schema under the document's components. */
export function schemaRef(name: string): ReferenceObject {
  return { $ref: `#/components/schemas/${name}` };
}

export const GUID_REF = 'GUIDRef';

/** A Record, so that a new GuidRefType cannot be left out of the enum. */
const REFERENCED_TYPES: Record<GuidRefType, true> = {
  academicSession: true,
  class: true,
  course: true,
  demographics: true,
  enrollment: true,
  org: true,
  user: true,
};

/** The GUIDRef component (OneRoster 1.1 common fields): every reference from one record to another. */
export const GUID_REF_SCHEMA: SchemaObject = {
  type: 'object',
  description: 'A reference to another record',
  required: ['href', 'sourcedId', 'type'],
  additionalProperties: false,
  properties: {
    href: { type: 'string', format: 'uri', description: 'Absolute URL of the record in this API' },
    sourcedId: { type: 'string' },
    type: { type: 'string', enum: Object.keys(REFERENCED_TYPES) },
  },
};

function described(schema: SchemaObject, description?: string): SchemaObject {
  return description ? { ...schema, description } : schema;
}

/** A GUIDRef to a record of one type (`allOf`, since OpenAPI 3.0 ignores a `$ref`'s siblings). */
export function guidRef(type: GuidRefType, description?: string): SchemaObject {
  return described(
    { allOf: [schemaRef(GUID_REF), { type: 'object', properties: { type: { type: 'string', enum: [type] } } }] },
    description,
  );
}

/** A list of GUIDRefs to records of one type. */
export const guidRefs = (type: GuidRefType, description?: string) =>
  described({ type: 'array', items: guidRef(type) }, description);
export const text = (description?: string) => described({ type: 'string' }, description);
export const texts = (description?: string) => described({ type: 'array', items: { type: 'string' } }, description);
/** A calendar date, `YYYY-MM-DD`. */
export const date = (description?: string) => described({ type: 'string', format: 'date' }, description);
export const flag = (description?: string) => described({ type: 'boolean' }, description);
export const oneOf = (values: readonly string[], description?: string) =>
  described({ type: 'string', enum: [...values] }, description);
