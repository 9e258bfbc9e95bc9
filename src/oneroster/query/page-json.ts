import { DataSource, EntityMetadata, EntityTarget, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { GuidRefType, HREF_COLLECTION_OF } from '../guid-ref';

/**
 * One member of a record as the database builds it (see RecordShape), named by entity property:
 * `value` as stored or served, `optional` left out when NULL or '', `boolean` as true/false and left
 * out when NULL, `metadata` the stored JSON object left out when empty, `ref` a GUIDRef.
 */
export type JsonMember =
  | {
      readonly name: string;
      readonly kind: 'value' | 'optional' | 'boolean' | 'metadata' | 'list';
      readonly property: string;
    }
  | { readonly name: string; readonly kind: 'ref'; readonly type: GuidRefType; readonly property: string }
  | { readonly name: string; readonly kind: 'links'; readonly type: GuidRefType; readonly links: LinkTable };

/** An ordered list of GUIDRefs kept in a table of its own (class → terms): owner, target and position. */
export interface LinkTable {
  readonly entity: EntityTarget<ObjectLiteral>;
  readonly owner: string;
  readonly target: string;
  /** Keeps only the links the caller may see, aliased `link` (as loadLinks's `restrict`). */
  readonly restrict?: (qb: SelectQueryBuilder<ObjectLiteral>) => SelectQueryBuilder<ObjectLiteral>;
}

/**
 * A resource's JSON record as SQL can build it from the page's own row: the same members, in the
 * same order, as its reader's toRecords builds in Node. `value`, `optional`, `boolean`, `metadata`
 * and `list` (a stored JSON array, [] when NULL) name a property of the page's row; `ref` a GUIDRef
 * to the id a property holds; `links` the ordered GUIDRefs of a link table.
 */
export type RecordShape = readonly JsonMember[];

/** The members every record starts with (RecordJson). */
export const COMMON_MEMBERS: RecordShape = [
  { name: 'sourcedId', kind: 'value', property: 'sourcedId' },
  { name: 'status', kind: 'value', property: 'status' },
  { name: 'dateLastModified', kind: 'value', property: 'dateLastModified' },
  { name: 'metadata', kind: 'metadata', property: 'metadata' },
];

/** A page as the database wrote it: the records' JSON array, and their sourcedIds in order. */
export interface RenderedPage {
  readonly json: string;
  readonly sourcedIds: readonly string[];
}

type Members = readonly (readonly [key: string, sql: string])[];

/** An SQL string literal of this text. */
const sqlText = (text: string) => `'${text.replace(/'/g, "''")}'`;

/**
 * A JSON object of these members, in this order, as text. Each member's SQL is its JSON value or NULL, and a NULL member
 * is left out (as Node leaves out an undefined one). Written as text rather than with json_object: dropping the NULL
 * members then took a json_patch, which parsed and wrote every record again (a sixth of an /enrollments page).
 */
function jsonObject(members: Members): string {
  const written = members.map(([key, sql]) => `COALESCE(${sqlText(`,${JSON.stringify(key)}:`)} || ${sql}, '')`);
  // Every member starts with a comma; the first one written loses it.
  return `'{' || substr(${written.join(' || ')}, 2) || '}'`;
}

/** The JSON array of `element` (JSON text) over a group's rows, in `orderBy` order (else as read); [] for none. */
const jsonArray = (element: string, orderBy?: string) =>
  `'[' || COALESCE(group_concat(${element}, ','${orderBy ? ` ORDER BY ${orderBy}` : ''}), '') || ']'`;

/**
 * Whether this database builds list pages as JSON (renderPage); on the others readers build records in Node. Only
 * SQLite does. On PostgreSQL, building the JSON in the database cost more than reading the rows and building it in Node
 * (json_build_object with json_strip_nulls, or to_json and concat_ws: 110 to 130 ms a page of 5,000 enrollments against
 * 19 ms for the rows; a sweep of /users 1.8 s against 1.1 s, /enrollments 5.8 s against 4.1 to 4.6 s, 20,000
 * students), and SQL Server's FOR JSON cannot be run here.
 */
export function buildsPageJson(database: DataSource): boolean {
  return database.options.type === 'better-sqlite3';
}

const BASE_URL = 'pageJsonBaseUrl';

/**
 * The page `slice` (a query selecting its entity's columns and the resource's served values) as
 * one JSON array built by the database, in one statement: no row becomes an object in Node.
 * Undefined when an id on the page needs URL encoding in an href: such a page is built in Node.
 */
export async function renderPage<T extends ObjectLiteral>(
  slice: SelectQueryBuilder<T>,
  shape: RecordShape,
  options: { baseUrl: string; descending: boolean },
): Promise<RenderedPage | undefined> {
  if (!buildsPageJson(slice.connection)) throw new Error(`${slice.connection.options.type} does not build JSON pages`);
  const columnOf = pageColumns(slice);
  const context: MemberContext = { connection: slice.connection, columnOf, parameters: {} };
  const members = shape.map((member) => [member.name, memberSql(member, context)] as const);
  const id = columnOf('sourcedId');
  const record = jsonObject(members);
  const read = async (orderBy?: string): Promise<RenderedPage | undefined> => {
    const raw = await slice.connection
      .createQueryBuilder()
      .select(jsonArray(record, orderBy), 'records')
      .addSelect(jsonArray(`json_quote(${id})`, orderBy), 'ids')
      .from(`(${slice.getQuery()})`, 'page')
      .setParameters({ ...slice.getParameters(), ...context.parameters })
      .setParameter(BASE_URL, options.baseUrl)
      .getRawOne<{ records: string; ids: string }>();
    return raw && { json: raw.records, sourcedIds: JSON.parse(raw.ids) as string[] };
  };
  const asRead = await read();
  const page =
    asRead && !inOrder(asRead.sourcedIds, options.descending)
      ? await read(`${id} ${options.descending ? 'DESC' : 'ASC'}`)
      : asRead;
  return page && !hasEncodedHref(page.json, options.baseUrl) ? page : undefined;
}

/**
 * Whether ids are in the page's order. The page's rows come ordered from its subquery, and SQLite feeds an aggregate
 * its rows in the order it reads them, but only an ORDER BY in the aggregate promises it; that ORDER BY sorts the
 * page again in a temporary B-tree (a fifth of an /enrollments page). So the page is read unsorted and checked, and
 * sorted only when the check fails. JavaScript compares UTF-16 units where SQLite compares UTF-8 bytes: they differ
 * only around characters beyond U+FFFF, where a false alarm costs the sorted read.
 */
function inOrder(ids: readonly string[], descending: boolean): boolean {
  for (let i = 1; i < ids.length; i++) {
    if (descending ? ids[i - 1] < ids[i] : ids[i - 1] > ids[i]) return false;
  }
  return true;
}

/** The characters encodeURIComponent leaves as they are, but for !'()*: an id of these alone is its own encoding. */
const UNENCODED_ID = '[A-Za-z0-9._~-]*';

/**
 * Whether a page's JSON has an href (or what might be one: a metadata key "href") other than the
 * base URL, a collection and an id that needs no encoding. One scan of the text: checking each id in
 * SQL (GLOB, ltrim) cost a third of an /enrollments page.
 */
function hasEncodedHref(json: string, baseUrl: string): boolean {
  const base = escapeRegExp(JSON.stringify(baseUrl).slice(1, -1));
  const collections = Object.values(HREF_COLLECTION_OF).join('|');
  return new RegExp(`"href":"(?!${base}/(?:${collections})/${UNENCODED_ID}")`).test(json);
}

const escapeRegExp = (text: string) => text.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');

/** The page subquery's column (as `"page"."<property>"`) holding a property's served value, else its stored one. */
function pageColumns<T extends ObjectLiteral>(slice: SelectQueryBuilder<T>) {
  const { driver } = slice.connection;
  const selected = new Set(slice.expressionMap.selects.map((select) => select.aliasName));
  const page = driver.escape('page');
  return (property: string): string => {
    if (!selected.has(property)) throw new Error(`the page selects no ${property}`);
    return `${page}.${driver.escape(property)}`;
  };
}

/** The database name of an entity's column, by property. */
function columnNamed(metadata: EntityMetadata, property: string): string {
  const column = metadata.findColumnWithPropertyName(property);
  if (!column) throw new Error(`${metadata.name} has no property ${property}`);
  return column.databaseName;
}

interface MemberContext {
  readonly connection: DataSource;
  readonly columnOf: (property: string) => string;
  /** What the members' subqueries bind. */
  readonly parameters: ObjectLiteral;
}

/** A JSON string of this text value; NULL for NULL (json_quote writes `null`). */
const quoted = (sql: string) => `NULLIF(json_quote(${sql}), 'null')`;

/** A member's JSON value as text, or NULL when the record leaves it out. */
function memberSql(member: JsonMember, context: MemberContext): string {
  const { columnOf } = context;
  switch (member.kind) {
    case 'value':
      return quoted(columnOf(member.property));
    case 'optional':
      return quoted(`NULLIF(${columnOf(member.property)}, '')`);
    case 'boolean': {
      const column = columnOf(member.property);
      return `CASE WHEN ${column} IS NULL THEN NULL WHEN ${column} THEN 'true' ELSE 'false' END`;
    }
    case 'metadata':
      return `json(NULLIF(${columnOf(member.property)}, '{}'))`;
    case 'list':
      return `json(COALESCE(${columnOf(member.property)}, '[]'))`;
    case 'ref': {
      const column = columnOf(member.property);
      return `CASE WHEN ${column} IS NULL THEN NULL ELSE ${refSql(member.type, column)} END`;
    }
    case 'links':
      return linksSql(member, context);
  }
}

/**
 * A GUIDRef to the id in `column` (not NULL), with json_object: none of its members is ever NULL. An /enrollments page of
 * 5,000 (three GUIDRefs a record) was built in 0.84 to 0.88 of the time of the text form.
 */
function refSql(type: GuidRefType, column: string): string {
  const href = `CAST(:${BASE_URL} AS TEXT) || '/${HREF_COLLECTION_OF[type]}/' || ${column}`;
  return `json_object('href', ${href}, 'sourcedId', ${column}, 'type', ${sqlText(type)})`;
}

/** The owner's links in position order, as GUIDRefs: one correlated subquery, by the link table's key. */
function linksSql(member: Extract<JsonMember, { kind: 'links' }>, context: MemberContext): string {
  const { connection, columnOf } = context;
  const { entity, owner, target, restrict = (qb) => qb } = member.links;
  const metadata = connection.getMetadata(entity);
  const column = (property: string) =>
    `${connection.driver.escape('link')}.${connection.driver.escape(columnNamed(metadata, property))}`;
  const links = restrict(
    connection
      .getRepository(entity)
      .createQueryBuilder('link')
      .select(jsonArray(refSql(member.type, column(target)), column('position')))
      .where(`${column(owner)} = ${columnOf('sourcedId')}`),
  );
  Object.assign(context.parameters, links.getParameters());
  return `(${links.getQuery()})`;
}
