import { EntityManager, EntityTarget, ObjectLiteral, QueryRunner } from 'typeorm';

/** An entity's table as SQL names it: quoted by the driver, with its schema when it has one. */
export function quotedTablePath(manager: EntityManager, entity: EntityTarget<ObjectLiteral>): string {
  const { driver } = manager.connection;
  return manager.connection
    .getMetadata(entity)
    .tablePath.split('.')
    .map((part) => driver.escape(part))
    .join('.');
}

/** The manager's own query runner, for statements that must join its caller's open transaction (`what` says whose). */
export function transactionRunner(manager: EntityManager, what: string): QueryRunner {
  const runner = manager.queryRunner;
  if (!runner?.isTransactionActive) throw new Error(`${what} runs inside a transaction`);
  return runner;
}

/** `table.column` of the row being updated, escaped for the dialect, for a correlated subquery; or `alias.column`. */
export function outerColumn<E extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<E>,
  property: string,
  alias?: string,
): string {
  const metadata = manager.connection.getMetadata(entity);
  const column = metadata.findColumnWithPropertyName(property);
  if (!column) throw new Error(`${metadata.name} has no property ${property}`);
  const escape = (name: string) => manager.connection.driver.escape(name);
  return `${escape(alias ?? metadata.tableName)}.${escape(column.databaseName)}`;
}
