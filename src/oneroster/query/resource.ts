/**
 * How a OneRoster field filters and sorts: `string` compares as text, `date` as `YYYY-MM-DD`,
 * `datetime` as an instant, `boolean` as `true`/`false`.
 */
export type FieldKind = 'string' | 'date' | 'datetime' | 'boolean';

export interface FieldSpec {
  /** Property path on the query's main alias, e.g. `user.givenName`. */
  readonly property: string;
  readonly kind: FieldKind;
  /** The column may hold NULL (absent optional value), which filters treat as ''. */
  readonly nullable?: boolean;
  /** Usable in `sort` (scalar fields); reference fields such as `school.sourcedId` only filter. */
  readonly sortable?: boolean;
  /**
   * `field = value` without the served expression (see ServedValue), for `=` and `!=` filters: the
   * same rows, but in a form the database can estimate and serve from its indexes.
   */
  readonly equals?: ServedExpression['equals'];
  /** `field <op> value` without the served expression, for `>`, `>=`, `<` and `<=` filters (see ServedExpression). */
  readonly compare?: ServedExpression['compare'];
}

/**
 * A served value: an SQL expression, optionally with its comparisons written out. PostgreSQL guesses
 * that `CASE … END = 'active'` matches 0.5% of rows, so for the first half of an /enrollments sweep
 * it sorted every remaining row instead of walking the primary key (0.7 s instead of 0.2 s a page).
 */
export type ServedValue = string | ServedExpression;

export type Ordering = '>' | '>=' | '<' | '<=';

/**
 * A served value's SQL with comparisons written out in forms the database can estimate and serve
 * from its indexes: `equals` for = and !=, `compare` for the orderings. A delta sync's
 * `dateLastModified>'…'` on the served latest-of CASE read every row; term by term, it walks the
 * stored column's index.
 */
export interface ServedExpression {
  readonly sql: string;
  readonly equals?: (value: string) => string;
  readonly compare?: (operator: Ordering, placeholder: string, value: string) => string;
}

/** The only map from a resource's OneRoster field names to its columns (style guide §4). */
export interface Resource {
  /** OneRoster type name, e.g. `user`. */
  readonly type: string;
  /** Envelope keys: `{ users: [...] }` for collections, `{ user: {...} }` for one record. */
  readonly keys: { readonly collection: string; readonly single: string };
  /** Alias of the main entity in every query for this resource. */
  readonly alias: string;
  /** Fields usable in `filter` (and, if sortable, in `sort`). */
  readonly fields: Readonly<Record<string, FieldSpec>>;
  /** Every key the JSON record may carry: what `fields=` may select. */
  readonly selectable: readonly string[];
  /**
   * Entity properties whose served value is an SQL expression over the query (a tenant's username,
   * a class title from its template, a status or dateLastModified the calendar rules move): the
   * list engine selects each and puts it in the row in place of the stored value.
   */
  readonly served?: Readonly<Record<string, string>>;
}

type FieldInput = FieldKind | { kind: FieldKind; nullable?: boolean; property?: string; sortable?: boolean };

/** Declares a resource; a field's property defaults to `<alias>.<fieldName>`. */
export function defineResource(definition: {
  type: string;
  keys: { collection: string; single: string };
  alias: string;
  fields: Record<string, FieldInput>;
  selectable: readonly string[];
}): Resource {
  const fields: Record<string, FieldSpec> = {};
  for (const [name, input] of Object.entries(definition.fields)) {
    const spec = typeof input === 'string' ? { kind: input } : input;
    fields[name] = {
      property: spec.property ?? `${definition.alias}.${name}`,
      kind: spec.kind,
      nullable: spec.nullable ?? false,
      sortable: spec.sortable ?? !name.includes('.'),
    };
  }
  return Object.freeze({ ...definition, fields: Object.freeze(fields) });
}

/**
 * The resource as one request serves it: each named field filters, sorts and reads its value from
 * the given SQL expression instead of its column. Expressions use `alias.property` paths.
 */
export function serveAs(resource: Resource, values: Record<string, ServedValue>): Resource {
  if (Object.keys(values).length === 0) return resource;
  const fields = { ...resource.fields };
  const expressions: Record<string, string> = {};
  for (const [name, value] of Object.entries(values)) {
    const property = typeof value === 'string' ? value : value.sql;
    expressions[name] = property;
    const written: Partial<ServedExpression> = typeof value === 'string' ? {} : value;
    if (fields[name]) fields[name] = { ...fields[name], property, equals: written.equals, compare: written.compare };
  }
  return Object.freeze({
    ...resource,
    fields: Object.freeze(fields),
    served: Object.freeze({ ...resource.served, ...expressions }),
  });
}

/** The fields every OneRoster record has (OneRoster 1.1 common fields). */
export const COMMON_FIELDS = {
  sourcedId: 'string',
  status: 'string',
  dateLastModified: 'datetime',
} as const satisfies Record<string, FieldInput>;

export const COMMON_SELECTABLE = ['sourcedId', 'status', 'dateLastModified', 'metadata'] as const;
