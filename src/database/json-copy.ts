import { EntityManager, EntityTarget, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { quotedTablePath, transactionRunner } from './quoted-names';

/** Rows of JSON text a query selects, to be copied into a table where they are (see insertFromJson). */
export interface JsonRows {
  /** The rows: their FROM, conditions, parameters and order (SQLite inserts in it; PostgreSQL may not). */
  source: SelectQueryBuilder<ObjectLiteral>;
  /** The SQL of the source's JSON text: an object whose members are named like the table's properties. */
  json: string;
  /** The columns not taken from the JSON: property → SQL over the source (what it binds, the source binds). */
  given: Readonly<Record<string, string>>;
}

/** The items of a JSON array member, copied into a link table: (owner, item, position in the array). */
export interface JsonListItems {
  rows: Omit<JsonRows, 'given'>;
  /** The member holding the array of ids. */
  member: string;
  /** The SQL of the owner's id, over the source. */
  owner: string;
  /** The link table's properties for the owner, the item and its 0-based position. */
  columns: { owner: string; item: string; position: string };
}

/**
 * Whether this database copies JSON rows into tables by itself (insertFromJson): SQLite with its JSON operators,
 * PostgreSQL with json_to_record. On SQL Server the rows go through Node and the driver's bulk path (bulkInsert).
 */
export function copiesJsonRows(manager: EntityManager): boolean {
  return onSqlite(manager) || manager.connection.options.type === 'postgres';
}

const onSqlite = (manager: EntityManager) => manager.connection.options.type === 'better-sqlite3';

/**
 * Inserts a row into `entity` per source row, in one INSERT … SELECT: the rows never leave the database. Each column
 * not `given` is the JSON member of its property's name, stored as bulkInsert stores that property's value (text as it
 * is, a boolean as the database keeps one, a simple-json value as its JSON text; a member absent or null is NULL).
 * Returns the rows inserted.
 */
export async function insertFromJson(
  manager: EntityManager,
  entity: EntityTarget<ObjectLiteral>,
  { source, json, given }: JsonRows,
): Promise<number> {
  requireCopies(manager);
  const metadata = manager.connection.getMetadata(entity);
  const columns = metadata.columns.filter((column) => !column.isVirtual && !column.isGenerated);
  const [sql, parameters] = onSqlite(manager)
    ? sqliteSelect(source, json, given, columns)
    : postgresSelect(manager, source, json, given, columns);
  const names = columns.map((column) => escape(manager, column.databaseName)).join(', ');
  const result = await transactionRunner(manager, 'a JSON copy').query(
    `INSERT INTO ${quotedTablePath(manager, entity)} (${names}) ${sql}`,
    parameters,
    true,
  );
  return result.affected ?? 0;
}

/** SQLite: each column straight from the JSON text (SQLite parses a text once for the statement's calls on it). */
function sqliteSelect(
  source: SelectQueryBuilder<ObjectLiteral>,
  json: string,
  given: JsonRows['given'],
  columns: ColumnMetadata[],
): [string, unknown[]] {
  return source
    .clone()
    .select(columns.map((column) => given[column.propertyName] ?? sqliteMember(json, column)))
    .getQueryAndParameters();
}

/** PostgreSQL type of a column as json_to_record reads it. */
const POSTGRES_RECORD_TYPES = new Map<unknown, string>([
  [String, 'text'],
  [Boolean, 'boolean'],
  ['simple-json', 'json'],
]);

/**
 * PostgreSQL: json_to_record parses each JSON text once into typed members; a json member keeps its text as it was
 * written, so a simple-json value is stored as JSON.stringify wrote it.
 */
function postgresSelect(
  manager: EntityManager,
  source: SelectQueryBuilder<ObjectLiteral>,
  json: string,
  given: JsonRows['given'],
  columns: ColumnMetadata[],
): [string, unknown[]] {
  const inner = source.clone().select(json, 'json');
  columns.forEach((column, index) => {
    if (given[column.propertyName]) inner.addSelect(given[column.propertyName], `given${index}`);
  });
  const [sql, parameters] = inner.getQueryAndParameters();
  const read = columns.filter((column) => !given[column.propertyName]);
  const members = read.map((column) => {
    const type = POSTGRES_RECORD_TYPES.get(column.type);
    if (!type) throw unsupported(column);
    return `${escape(manager, jsonKey(column.propertyName))} ${type}`;
  });
  const values = columns.map((column, index) => {
    if (given[column.propertyName]) return `"src"."given${index}"`;
    const value = `"r".${escape(manager, column.propertyName)}`;
    return column.type === 'simple-json' ? `NULLIF(CAST(${value} AS text), 'null')` : value;
  });
  // json_to_record, a function with a column definition list, has no query-builder form.
  return [
    `SELECT ${values.join(', ')} FROM (${sql}) "src" ` +
      `CROSS JOIN LATERAL json_to_record(CAST("src"."json" AS json)) AS "r"(${members.join(', ')})`,
    parameters,
  ];
}

/** Inserts the items of each source row's JSON array `member` into a link table, with their positions. */
export async function insertJsonListItems(
  manager: EntityManager,
  entity: EntityTarget<ObjectLiteral>,
  { rows, member, owner, columns }: JsonListItems,
): Promise<void> {
  requireCopies(manager);
  const metadata = manager.connection.getMetadata(entity);
  const column = (property: string) => escape(manager, metadata.findColumnWithPropertyName(property)!.databaseName);
  const [sql, parameters] = rows.source
    .clone()
    .select(owner, 'owner')
    .addSelect(rows.json, 'json')
    .getQueryAndParameters();
  // The functions listing an array's items have no query-builder form: the SELECT around them is written here.
  const items = onSqlite(manager)
    ? `SELECT "src"."owner", "item"."value", "item"."key" FROM (${sql}) "src", json_each("src"."json", '$.${jsonKey(member)}') "item"`
    : `SELECT "src"."owner", "item"."value", "item"."n" - 1 FROM (${sql}) "src" CROSS JOIN LATERAL ` +
      `json_array_elements_text(CAST("src"."json" AS json) -> '${jsonKey(member)}') WITH ORDINALITY AS "item"("value", "n")`;
  await transactionRunner(manager, 'a JSON copy').query(
    `INSERT INTO ${quotedTablePath(manager, entity)} (${column(columns.owner)}, ${column(columns.item)}, ${column(columns.position)}) ${items}`,
    parameters,
  );
}

function requireCopies(manager: EntityManager) {
  if (!copiesJsonRows(manager)) throw new Error(`${manager.connection.options.type} does not copy JSON rows`);
}

/**
 * The SQL of a column of the source's main alias, by property: `alias.property` in a selection would be taken by
 * TypeORM for an entity column and moved among the others.
 */
export function sourceColumn(source: SelectQueryBuilder<ObjectLiteral>, property: string): string {
  const alias = source.expressionMap.mainAlias!;
  const column = alias.metadata.findColumnWithPropertyName(property);
  if (!column) throw new Error(`${alias.metadata.name} has no property ${property}`);
  const { driver } = source.connection;
  return `${driver.escape(alias.name)}.${driver.escape(column.databaseName)}`;
}

/** The SQL of a JSON text's member read as text: NULL when absent or null. */
export function jsonText(manager: EntityManager, json: string, name: string): string {
  return onSqlite(manager) ? `(${json} ->> '$.${jsonKey(name)}')` : `(CAST(${json} AS json) ->> '${jsonKey(name)}')`;
}

/** The SQL of a column's value from the JSON member of its property's name (->> reads a boolean as 1/0). */
function sqliteMember(json: string, column: ColumnMetadata): string {
  const path = `'$.${jsonKey(column.propertyName)}'`;
  if (column.type === 'simple-json') return `NULLIF(${json} -> ${path}, 'null')`;
  if (column.type === String || column.type === Boolean) return `(${json} ->> ${path})`;
  throw unsupported(column);
}

const unsupported = (column: ColumnMetadata) =>
  new Error(`no JSON copy for ${column.entityMetadata.name}.${column.propertyName} (${String(column.type)})`);

/** A property name as a JSON path key: only names that need no quoting. */
function jsonKey(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`'${name}' is not a plain JSON key`);
  return name;
}

const escape = (manager: EntityManager, name: string) => manager.connection.driver.escape(name);
