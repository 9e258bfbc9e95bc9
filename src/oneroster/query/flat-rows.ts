import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { DriverUtils } from 'typeorm/driver/DriverUtils';

/**
 * The rows of a query over one entity (no joined selections), hydrated column by column from the
 * raw result, each with the extra selected values (`extras`: selection alias → property) in place.
 *
 * getMany() hydrates through TypeORM's join-aware transformer, which groups rows by primary key
 * and walks every relation: on a 5,000-record page it cost about as much as the query itself.
 * Values still go through the driver's own conversion (booleans, JSON, arrays), except plain
 * strings, which no driver converts: most columns, skipped per value.
 */
export async function flatRows<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  extras: Record<string, string> = {},
): Promise<T[]> {
  const alias = qb.expressionMap.mainAlias!;
  const driver = qb.connection.driver;
  const columns = alias.metadata.columns.map((column) => ({
    property: column.propertyName,
    key: DriverUtils.buildAlias(driver, undefined, alias.name, column.databaseName),
    hydrate: isPlainString(column) ? undefined : (value: unknown) => driver.prepareHydratedValue(value, column),
  }));
  const extraEntries = Object.entries(extras);
  const raw = await qb.getRawMany<Record<string, unknown>>();
  return raw.map((row) => {
    const entity: Record<string, unknown> = {};
    for (const { property, key, hydrate } of columns) {
      const value = row[key];
      if (value !== undefined) entity[property] = hydrate ? hydrate(value) : value;
    }
    for (const [selection, property] of extraEntries) entity[property] = row[selection];
    return entity as T;
  });
}

/** A `type: String` column without a transformer: every driver hands its value over as it came. */
function isPlainString(column: ColumnMetadata): boolean {
  return column.type === String && !column.transformer;
}

/**
 * The rows of a query over one entity whose every selection is named by an entity property (a column as
 * `alias.property`, or a served expression): the driver's row objects themselves, the columns a driver converts
 * (booleans, JSON) converted in place. Building a second object per row, as flatRows does, was a tenth of what a
 * PostgreSQL sweep allocated.
 */
export async function servedRows<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>): Promise<T[]> {
  const alias = qb.expressionMap.mainAlias!;
  const driver = qb.connection.driver;
  const converted = qb.expressionMap.selects.flatMap(({ selection, aliasName }) => {
    const column = aliasName && alias.metadata.findColumnWithPropertyName(aliasName);
    return column && selection === `${alias.name}.${aliasName}` && !isPlainString(column) ? [column] : [];
  });
  const rows = await qb.getRawMany<Record<string, unknown>>();
  for (let i = 0; i < converted.length; i++) {
    const column = converted[i];
    const property = column.propertyName;
    for (let r = 0; r < rows.length; r++) rows[r][property] = driver.prepareHydratedValue(rows[r][property], column);
  }
  return rows as T[];
}
