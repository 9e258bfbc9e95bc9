import { MigrationInterface, QueryRunner, Table, TableColumn } from 'typeorm';
import { UsageError } from '../../usage-error';
import { columnBuilders, EXACT_COLLATION, index } from './column-types';

/**
 * Columns that hold sourcedIds. SQL Server compares text case-insensitively by default, so a sourcedId whose case
 * changed between two exports would collide with itself, and `=` filters and `/users/{id}` would not be exact: there
 * they get a binary collation. In UTF-8 (SQL Server 2019 and Azure SQL) a sourcedId takes a byte per ASCII character,
 * so the two-column keys of the link tables fit SQL Server's 900-byte limit for a clustered key.
 */
export const SOURCED_ID_COLUMNS: Readonly<Record<string, readonly string[]>> = {
  orgs: ['sourced_id', 'parent_sourced_id'],
  academic_sessions: ['sourced_id', 'parent_sourced_id'],
  courses: ['sourced_id', 'school_year_sourced_id', 'org_sourced_id'],
  classes: ['sourced_id', 'course_sourced_id', 'school_sourced_id'],
  class_terms: ['class_sourced_id', 'term_sourced_id'],
  users: ['sourced_id'],
  user_orgs: ['user_sourced_id', 'org_sourced_id'],
  user_agents: ['user_sourced_id', 'agent_sourced_id'],
  enrollments: ['sourced_id', 'class_sourced_id', 'school_sourced_id', 'user_sourced_id'],
  demographics: ['sourced_id'],
  import_runs: [],
  import_records: ['sourced_id'],
  import_references: ['sourced_id', 'target_sourced_id'],
  tenant_orgs: ['org_ref'],
  tenant_scope: ['sourced_id'],
  tenant_usernames: ['user_sourced_id'],
  tenant_reserved_usernames: ['user_sourced_id'],
  tenant_class_titles: ['class_sourced_id'],
  sweep_page_ends: ['last_sourced_id'],
};

/**
 * Every dialect: the staging references numbered within their import instead of by an identity, whose 32-bit counter a
 * large board's nightly imports would run out of. SQL Server: sourcedIds compared exactly and within key limits, and
 * JSON in `nvarchar(max)` instead of the deprecated `ntext`. A column type change has no query-builder form, and
 * TypeORM's changeColumn would drop and re-add the column, losing its data: hence ALTER COLUMN statements.
 */
export class ExactKeys1763800000014 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await renumberReferences(queryRunner);
    if (queryRunner.connection.driver.options.type !== 'mssql') return;
    for (const [name, sourcedIds] of Object.entries(SOURCED_ID_COLUMNS)) {
      const table = await queryRunner.getTable(name);
      if (!table) throw new Error(`table ${name} is missing`);
      await alterColumns(queryRunner, table, sqlServerChanges(table, sourcedIds));
    }
  }

  async down(): Promise<void> {
    // Narrowing the keys back could fail on data the wider ones allowed; restore a backup instead.
  }
}

/**
 * Staging references live only while their import runs, or while it is held: the table is made again, refused while
 * a held import still has references (it would lose them).
 */
async function renumberReferences(queryRunner: QueryRunner) {
  if (await queryRunner.manager.createQueryBuilder().select('1').from('import_references', 'ref').getExists())
    throw new UsageError(
      'a held import still has staging rows: approve or discard it (npm run cli -- imports list) before this upgrade',
    );
  await queryRunner.dropTable('import_references');
  const c = columnBuilders(queryRunner);
  await queryRunner.createTable(
    new Table({
      name: 'import_references',
      columns: [
        c.string('import_id', 36, { isPrimary: true }),
        c.integer('id', { isPrimary: true }),
        c.string('entity_type', 32),
        c.integer('line'),
        c.string('sourced_id', 255),
        c.string('column_name', 64),
        c.string('target_type', 32),
        c.string('target_sourced_id', 255),
      ],
      indices: [index('ix_import_references_type', ['import_id', 'target_type', 'id'])],
    }),
  );
}

/** The new type of each column that changes on SQL Server. */
function sqlServerChanges(table: Table, sourcedIds: readonly string[]): Map<TableColumn, string> {
  const changes = new Map<TableColumn, string>();
  for (const column of table.columns) {
    if (sourcedIds.includes(column.name))
      changes.set(column, `varchar(${column.length || 255}) COLLATE ${EXACT_COLLATION}`);
    else if (column.type === 'ntext') changes.set(column, 'nvarchar(max)');
  }
  return changes;
}

/** SQL Server alters no column an index or the primary key uses: those are dropped first and made again after. */
async function alterColumns(queryRunner: QueryRunner, table: Table, changes: Map<TableColumn, string>) {
  if (changes.size === 0) return;
  const changed = new Set([...changes.keys()].map((column) => column.name));
  const indices = table.indices.filter((index) => index.columnNames.some((name) => changed.has(name)));
  const primary = table.primaryColumns.map((column) => column.name);
  const keyChanges = primary.some((name) => changed.has(name));
  for (const index of indices) await queryRunner.dropIndex(table, index);
  if (keyChanges) await queryRunner.dropPrimaryKey(table);
  const path = escapedPath(queryRunner, table.name);
  const escape = (name: string) => queryRunner.connection.driver.escape(name);
  for (const [column, type] of changes)
    await queryRunner.query(
      `ALTER TABLE ${path} ALTER COLUMN ${escape(column.name)} ${type} ${column.isNullable ? 'NULL' : 'NOT NULL'}`,
    );
  if (keyChanges) await queryRunner.createPrimaryKey(table, primary);
  for (const index of indices) await queryRunner.createIndex(table, index);
}

/** The table's name as SQL, in the configured schema when it has none of its own (as TypeORM names it). */
function escapedPath(queryRunner: QueryRunner, name: string): string {
  const schema = (queryRunner.connection.driver.options as { schema?: string }).schema;
  const qualified = schema && !name.includes('.') ? `${schema}.${name}` : name;
  return qualified
    .split('.')
    .map((part) => queryRunner.connection.driver.escape(part))
    .join('.');
}
