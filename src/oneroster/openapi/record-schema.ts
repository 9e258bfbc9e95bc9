import type { ReferenceObject, SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { Resource } from '../query/resource';
import { schemaRef } from './schema-parts';

/** A schema or a `$ref` to a component, as OpenAPI 3.0 allows wherever a schema goes. */
export type SchemaOrRef = SchemaObject | ReferenceObject;

/**
 * The properties a record carries whenever the request has no `fields`, as a vendor extension:
 * `fields=` may drop any of them, so the schema itself marks none `required` (see recordSchema).
 */
export const REQUIRED_WITHOUT_FIELDS = 'x-required-without-fields';

export type RecordSchemaObject = SchemaObject & { [REQUIRED_WITHOUT_FIELDS]: string[] };

type CommonKey = 'sourcedId' | 'status' | 'dateLastModified' | 'metadata';
// A key is optional exactly when an empty object satisfies the property on its own.
type RequiredKeys<T> = { [K in keyof T]-?: Record<never, never> extends Pick<T, K> ? never : K }[keyof T];
type OptionalKeys<T> = Exclude<keyof T, RequiredKeys<T>>;

/**
 * A record's own properties, split as the record JSON interface `T` splits them: the compiler keeps
 * this list equal to what the service renders.
 */
export interface RecordProperties<T> {
  /** Sent on every record (an empty list stays `[]`). */
  always: Record<Exclude<RequiredKeys<T>, CommonKey>, SchemaOrRef>;
  /** Left out of the record when the value is empty (record-json.ts `optional`). */
  whenSet: Record<Exclude<OptionalKeys<T>, CommonKey>, SchemaOrRef>;
}

/** A OneRoster record type as the OpenAPI document names it, with the resource whose envelope keys wrap it. */
export interface RecordSchema {
  /** Component name, e.g. `Org`. */
  readonly name: string;
  readonly resource: Resource;
  readonly schema: RecordSchemaObject;
  readonly ref: ReferenceObject;
}

const COMMON_ALWAYS: Record<Exclude<CommonKey, 'metadata'>, SchemaObject> = {
  sourcedId: { type: 'string', description: 'Stable identifier of the record' },
  status: {
    type: 'string',
    enum: ['active', 'tobedeleted'],
    description: '`tobedeleted` records stay visible to delta syncs',
  },
  dateLastModified: { type: 'string', format: 'date-time', description: 'UTC, e.g. 2026-09-01T10:00:00.000Z' },
};

const METADATA: SchemaObject = {
  type: 'object',
  additionalProperties: { type: 'string' },
  description: 'The `metadata.*` extension columns of the CSV bundle; left out when there are none',
};

const FIELDS_NOTE =
  'Every property the record can carry (no others). Without `fields`, the properties listed in ' +
  `${REQUIRED_WITHOUT_FIELDS} are always sent and the rest only when they hold a value; with \`fields\`, only the selected ` +
  'ones are sent, so none is marked required.';

/**
 * Declares the schema of a record type. Its property names must be exactly the names `fields=` may
 * select for the resource (Resource.selectable); a difference fails at start-up, not in a client.
 */
export function recordSchema<T>(
  name: string,
  resource: Resource,
  description: string,
  properties: RecordProperties<T>,
): RecordSchema {
  const always: Record<string, SchemaOrRef> = { ...COMMON_ALWAYS, ...properties.always };
  const all: Record<string, SchemaOrRef> = { ...always, metadata: METADATA, ...properties.whenSet };
  assertSameNames(name, Object.keys(all), resource.selectable);
  const schema: RecordSchemaObject = {
    type: 'object',
    description: `${description} ${FIELDS_NOTE}`,
    properties: all,
    additionalProperties: false,
    [REQUIRED_WITHOUT_FIELDS]: Object.keys(always),
  };
  return { name, resource, schema, ref: schemaRef(name) };
}

function assertSameNames(name: string, documented: string[], selectable: readonly string[]): void {
  const undocumented = selectable.filter((field) => !documented.includes(field));
  const unselectable = documented.filter((field) => !selectable.includes(field));
  if (undocumented.length > 0 || unselectable.length > 0) {
    throw new Error(
      `schema ${name} differs from the fields= whitelist: missing ${undocumented.join(', ') || '-'}; ` +
        `not selectable ${unselectable.join(', ') || '-'}`,
    );
  }
}
