import { Injectable } from '@nestjs/common';
import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { InvalidDataError, UnknownObjectError } from '../errors/oneroster.errors';
import { applyFilter } from './filter-sql';
import { ListQuery } from './list-query';
import { Resource } from './resource';

export interface PageOfRows<T> {
  rows: T[];
  total: number;
}

/**
 * The one list engine: filter, count, sort and page a resource's query, all in SQL, with bound
 * parameters only. Services hand it a query already narrowed to what the caller may see.
 */
@Injectable()
export class ListQueryService {
  async page<T extends ObjectLiteral>(
    qb: SelectQueryBuilder<T>,
    resource: Resource,
    query: ListQuery,
  ): Promise<PageOfRows<T>> {
    const queries = this.pageQueries(qb, resource, query);
    const raw = await queries.count.getRawOne<{ total: string | number }>();
    const total = Number(raw?.total ?? 0);
    if (total === 0 || query.offset >= total) return { rows: [], total };
    return { rows: await this.servedRows(queries.rows, resource), total };
  }

  /** The two statements behind a page: its rows, and the filtered count for X-Total-Count. */
  pageQueries<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, resource: Resource, query: ListQuery) {
    applyFilter(qb, resource, query.filter);
    this.sort(qb, resource, query);
    const count = qb.clone().select('COUNT(1)', 'total').orderBy();
    return { rows: selectServed(qb.offset(query.offset).limit(query.limit), resource), count };
  }

  /** The record with this sourcedId in the (already narrowed) query, or 404 unknownobject. */
  async one<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, resource: Resource, sourcedId: string): Promise<T> {
    const [row] = await this.servedRows(selectServed(qb.andWhere(`${resource.alias}.sourcedId = :sourcedId`, { sourcedId }), resource), resource);
    if (!row) throw new UnknownObjectError(resource.type, sourcedId);
    return row;
  }

  /** The query's rows, each carrying its served values (`resource.served`, see selectServed) in place of the stored ones. */
  private async servedRows<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, resource: Resource): Promise<T[]> {
    const served = Object.entries(resource.served ?? {});
    if (served.length === 0) return qb.getMany();
    const { entities, raw } = await qb.getRawAndEntities<Record<string, unknown>>();
    // Without relation joins TypeORM builds one entity per raw row, in order.
    entities.forEach((row, i) => served.forEach(([name]) => Object.assign(row, { [name]: raw[i][`served_${name}`] })));
    return entities;
  }

  /** Whether the (already narrowed) query has a record with this sourcedId. */
  async exists<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, resource: Resource, sourcedId: string): Promise<boolean> {
    return qb.andWhere(`${resource.alias}.sourcedId = :sourcedId`, { sourcedId }).getExists();
  }

  /** ORDER BY the requested field, then sourcedId, so offset pages never skip or repeat a record. */
  private sort<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, resource: Resource, query: ListQuery): void {
    const direction = query.orderBy === 'desc' ? 'DESC' : 'ASC';
    const tieBreaker = resource.fields.sourcedId.property;
    if (query.sort && query.sort !== 'sourcedId') {
      const spec = resource.fields[query.sort];
      if (!spec?.sortable) throw new InvalidDataError(`sort: "${query.sort}" is not a sortable field of ${resource.type}`);
      qb.orderBy(spec.property, direction).addOrderBy(tieBreaker, 'ASC');
    } else {
      qb.orderBy(tieBreaker, direction);
    }
  }
}

/** Adds the resource's served values to a row query, as `served_<property>`. */
function selectServed<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, resource: Resource): SelectQueryBuilder<T> {
  for (const [name, expression] of Object.entries(resource.served ?? {})) qb.addSelect(expression, `served_${name}`);
  return qb;
}
