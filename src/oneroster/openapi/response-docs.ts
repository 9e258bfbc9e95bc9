import type { ApiResponseSchemaHost } from '@nestjs/swagger';
import type { HeadersObject, SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { RecordSchema, SchemaOrRef } from './record-schema';
import { schemaRef } from './schema-parts';

export const STATUS_INFO = 'StatusInfo';

/** Headers of every collection page (OneRoster 1.1 REST binding, paging; docs/api.md). */
const PAGING_HEADERS: HeadersObject = {
  'X-Total-Count': {
    description: 'Records matching the filter, across all pages',
    schema: { type: 'integer', minimum: 0 },
  },
  Link: { description: 'RFC 8288 links to the first, prev, next and last pages', schema: { type: 'string' } },
};

/** Headers some error statuses add to the imsx envelope. */
const ERROR_HEADERS: Record<number, HeadersObject> = {
  401: { 'WWW-Authenticate': { description: 'Bearer challenge (RFC 6750)', schema: { type: 'string' } } },
  403: {
    'WWW-Authenticate': {
      description: 'Bearer challenge with error="insufficient_scope" and the scopes needed',
      schema: { type: 'string' },
    },
  },
  429: { 'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer' } } },
};

/** `{ "<key>": value }`, the 1.1 JSON envelope (OneRoster 1.1 REST binding, endpoint list). */
function envelope(key: string, value: SchemaOrRef): SchemaObject {
  return { type: 'object', required: [key], additionalProperties: false, properties: { [key]: value } };
}

/** The 200 of a collection route: `{ "<plural>": [records] }` with the paging headers. */
export function collectionResponse(records: RecordSchema): ApiResponseSchemaHost & { headers: HeadersObject } {
  return {
    description: `One page of ${records.name} records`,
    headers: PAGING_HEADERS,
    schema: envelope(records.resource.keys.collection, { type: 'array', items: records.ref }),
  };
}

/** The 200 of a single-record route: `{ "<singular>": record }`. */
export function singleResponse(records: RecordSchema): ApiResponseSchemaHost {
  return { description: `One ${records.name} record`, schema: envelope(records.resource.keys.single, records.ref) };
}

/** An error status of a OneRoster route: the imsx envelope, plus the headers that status carries. */
export function errorResponse(status: number, description: string) {
  return {
    status,
    description,
    schema: schemaRef(STATUS_INFO),
    ...(ERROR_HEADERS[status] && { headers: ERROR_HEADERS[status] }),
  };
}
