import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { DriverUtils } from 'typeorm/driver/DriverUtils';

/**
 * The rows of a query over one entity (no joined selections), hydrated column by column from the
 * raw result, each with the extra selected values (`extras`: selection alias → property) in place.
 *
 * getMany() hydrates through TypeORM's join-aware transformer, which groups rows by primary key
 * and walks every relation: on a 5,000-record page it cost about as much as the query itself.
 * Values still go through the driver's own conversion (booleans, JSON, arrays).
 */
export async function flatRows<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, extras: Record<string, string> = {}): Promise<T[]> {
  const alias = qb.expressionMap.mainAlias!;
  const driver = qb.connection.driver;
  const columns = alias.metadata.columns.map((column) => ({
    column,
    key: DriverUtils.buildAlias(driver, undefined, alias.name, column.databaseName),
  }));
  const extraEntries = Object.entries(extras);
  const raw = await qb.getRawMany<Record<string, unknown>>();
  return raw.map((row) => {
    const entity: Record<string, unknown> = {};
    for (const { column, key } of columns) {
      if (row[key] !== undefined) entity[column.propertyName] = driver.prepareHydratedValue(row[key], column);
    }
    for (const [selection, property] of extraEntries) entity[property] = row[selection];
    return entity as T;
  });
}
