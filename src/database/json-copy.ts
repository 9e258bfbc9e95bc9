import { EntityManager, EntityTarget, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { quotedTablePath, transactionRunner } from './quoted-names';

/** The SQL of a member of a copied row's JSON, read as text (NULL when absent or null), by the member's name. */
export type MemberSql = (name: string) => string;

/**
 * What a copy reads by the rows' JSON members, written over MemberSql: a condition and joins, with no parameters of
 * their own. On PostgreSQL they are applied to the parsed record, so each row's JSON is parsed once: a condition and a
 * join over the JSON text parsed it twice more, and applying 168,000 enrollments took 3.6 to 4.8 s against 2.4 to 3.1 s.
 */
export interface ByMembers {
  /** Only rows for which this holds are copied. */
  where?: (member: MemberSql) => string;
  /** Tables joined (LEFT JOIN) to each row by its members, and the columns read from them (property → SQL). */
  joins?: { tables: MemberJoin[]; columns: Readonly<Record<string, string>> };
}

/** A table joined to each copied row on a condition over its members. */
export interface MemberJoin {
  entity: new () => ObjectLiteral;
  alias: string;
  on: (member: MemberSql) => string;
}

/** Rows of JSON text a query selects, to be copied into a table where they are (see insertFromJson). */
export interface JsonRows extends ByMembers {
  /** The rows: their FROM, conditions, parameters and order (SQLite inserts in it; PostgreSQL may not). */
  source: SelectQueryBuilder<ObjectLiteral>;
  /** The SQL of the source's JSON text: an object whose members are named like the table's properties. */
  json: string;
  /** The columns not taken from the JSON: property → SQL over the source (what it binds, the source binds). */
  given: Readonly<Record<string, string>>;
}

/** The items of a JSON array member, copied into a link table: (owner, item, position in the array). */
export interface JsonListItems {
  rows: Pick<JsonRows, 'source' | 'json' | 'where'>;
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
  rows: JsonRows,
): Promise<number> {
  requireCopies(manager);
  const metadata = manager.connection.getMetadata(entity);
  const columns = metadata.columns.filter((column) => !column.isVirtual && !column.isGenerated);
  const [sql, parameters] = onSqlite(manager) ? sqliteSelect(rows, columns) : postgresSelect(manager, rows, columns);
  const names = columns.map((column) => escape(manager, column.databaseName)).join(', ');
  const result = await transactionRunner(manager, 'a JSON copy').query(
    `INSERT INTO ${quotedTablePath(manager, entity)} (${names}) ${sql}`,
    parameters,
    true,
  );
  return result.affected ?? 0;
}

/** SQLite: each column straight from the JSON text (SQLite parses a text once for the statement's calls on it). */
function sqliteSelect({ source, json, given, where, joins }: JsonRows, columns: ColumnMetadata[]): [string, unknown[]] {
  const rows = sqliteRows(source, json, where);
  const member = sqliteText(json);
  for (const join of joins?.tables ?? []) rows.leftJoin(join.entity, join.alias, join.on(member));
  const values = { ...joins?.columns, ...given };
  return rows
    .select(columns.map((column) => values[column.propertyName] ?? sqliteMember(json, column)))
    .getQueryAndParameters();
}

/** A copy of the source with the condition over the JSON's members. */
function sqliteRows(source: SelectQueryBuilder<ObjectLiteral>, json: string, where: ByMembers['where']) {
  const rows = source.clone();
  return where ? rows.andWhere(where(sqliteText(json))) : rows;
}

const sqliteText =
  (json: string): MemberSql =>
  (name) =>
    `(${json} ->> '$.${jsonKey(name)}')`;

/** PostgreSQL type of a column as json_to_record reads it. */
const POSTGRES_RECORD_TYPES = new Map<unknown, string>([
  [String, 'text'],
  [Boolean, 'boolean'],
  ['simple-json', 'json'],
]);

/**
 * PostgreSQL: json_to_record parses each JSON text once into typed members, which the condition and the joins read; a
 * json member keeps its text as it was written, so a simple-json value is stored as JSON.stringify wrote it.
 */
function postgresSelect(
  manager: EntityManager,
  { source, json, given, where, joins }: JsonRows,
  columns: ColumnMetadata[],
): [string, unknown[]] {
  const inner = source.clone().select(json, 'json');
  columns.forEach((column, index) => {
    if (given[column.propertyName]) inner.addSelect(given[column.propertyName], `given${index}`);
  });
  const [sql, parameters] = inner.getQueryAndParameters();
  const joined = joins?.columns ?? {};
  const read = columns.filter((column) => !given[column.propertyName] && !joined[column.propertyName]);
  const record = new RecordMembers(manager);
  for (const column of read) {
    const type = POSTGRES_RECORD_TYPES.get(column.type);
    if (!type) throw unsupported(column);
    record.declare(column.propertyName, type);
  }
  const values = columns.map((column, index) => {
    if (given[column.propertyName]) return `"src"."given${index}"`;
    if (joined[column.propertyName]) return joined[column.propertyName];
    const value = record.member(column.propertyName);
    return column.type === 'simple-json' ? `NULLIF(CAST(${value} AS text), 'null')` : value;
  });
  // json_to_record, a function with a column definition list, has no query-builder form.
  const clauses = postgresClauses(manager, record, { where, joins });
  return [
    `SELECT ${values.join(', ')} FROM (${sql}) "src" CROSS JOIN LATERAL ${record.parsed('"src"."json"')}${clauses}`,
    parameters,
  ];
}

/** The joins and the condition over the parsed record's members, after its FROM item. */
function postgresClauses(manager: EntityManager, record: RecordMembers, { where, joins }: ByMembers): string {
  const tables = (joins?.tables ?? []).map(
    (join) =>
      ` LEFT JOIN ${quotedTablePath(manager, join.entity)} ${escape(manager, join.alias)} ON ${join.on(record.text)}`,
  );
  return `${tables.join('')}${where ? ` WHERE ${where(record.text)}` : ''}`;
}

/**
 * The members of each row's JSON that a PostgreSQL copy reads, as json_to_record declares them: those named for their
 * columns, then any other the condition or the joins read, as text.
 */
class RecordMembers {
  private readonly types = new Map<string, string>();

  constructor(private readonly manager: EntityManager) {}

  declare(name: string, type: string) {
    this.types.set(jsonKey(name), type);
  }

  member(name: string): string {
    return `"r".${escape(this.manager, name)}`;
  }

  /** A member the condition or a join reads: as its column declared it, else as text. */
  readonly text: MemberSql = (name) => {
    if (!this.types.has(jsonKey(name))) this.declare(name, 'text');
    return this.member(name);
  };

  /** The FROM item parsing `json` (SQL) into the record "r", once every member read is declared. */
  parsed(json: string): string {
    const members = [...this.types].map(([name, type]) => `${escape(this.manager, name)} ${type}`);
    return `json_to_record(CAST(${json} AS json)) AS "r"(${members.join(', ')})`;
  }
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
  const sqlite = onSqlite(manager);
  const [sql, parameters] = (sqlite ? sqliteRows(rows.source, rows.json, rows.where) : rows.source.clone())
    .select(owner, 'owner')
    .addSelect(rows.json, 'json')
    .getQueryAndParameters();
  // The functions listing an array's items have no query-builder form: the SELECT around them is written here.
  const items = sqlite
    ? `SELECT "src"."owner", "item"."value", "item"."key" FROM (${sql}) "src", json_each("src"."json", '$.${jsonKey(member)}') "item"`
    : postgresListItems(manager, sql, member, rows.where);
  await transactionRunner(manager, 'a JSON copy').query(
    `INSERT INTO ${quotedTablePath(manager, entity)} (${column(columns.owner)}, ${column(columns.item)}, ${column(columns.position)}) ${items}`,
    parameters,
  );
}

/** PostgreSQL: each row's JSON parsed once, for the list and the condition both. */
function postgresListItems(manager: EntityManager, sql: string, list: string, where: ByMembers['where']): string {
  const record = new RecordMembers(manager);
  record.declare(list, 'json');
  const condition = postgresClauses(manager, record, { where });
  return (
    `SELECT "src"."owner", "item"."value", "item"."n" - 1 FROM (${sql}) "src" CROSS JOIN LATERAL ${record.parsed('"src"."json"')} ` +
    `CROSS JOIN LATERAL json_array_elements_text(${record.member(list)}) WITH ORDINALITY AS "item"("value", "n")${condition}`
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
