import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { InvalidDataError, UnknownObjectError } from '../errors/oneroster.errors';
import { widenDeltaFilter } from './delta-windows';
import { applyFilter } from './filter-sql';
import { servedRows } from './flat-rows';
import { PageCache } from './page-cache';
import { ListQuery } from './list-query';
import { buildsPageJson, RecordShape, renderPage, RenderedPage } from './page-json';
import { Resource } from './resource';

/** What a list's remembered figures belong to (see PageCache). */
export interface PageMemory {
  /** The published state a total counts: the tenant and its serving stamp. */
  totals: string;
  /**
   * Whose sweep a page end belongs to: the tenant, the client and the route, not the stamp nor the served SQL (a
   * tenant's settings change both). A sweep that an import or a setting change lands in keeps its place: the next
   * page starts after the last record served, whatever changed before it.
   */
  sweep: string;
}

/**
 * How a list reads a tenant's view. `walk`: the table in sourcedId order, each record tested against the view; a page
 * stops after `limit` records of the view, some `limit / share` records of the table. `gather`: the view's records
 * through the index of what puts them in it (their org, say), sorted; a page reads every record of the view after the
 * last one served. Walking is cheap for a view holding much of the table, gathering for one holding little of it: a
 * tenant among twenty boards walked every board's records (see ListSource).
 */
export type ViewRead = 'walk' | 'gather';

/** A list's query, written either way (see ViewRead), and the share of the table its view is expected to hold. */
export interface ListSource<T extends ObjectLiteral> {
  query(read: ViewRead): SelectQueryBuilder<T>;
  /** From 0 to 1, remembered per published state; absent where the query is narrowed to few records: it walks. */
  share?: () => Promise<number>;
  /**
   * Whether the database still serves the published state `PageMemory.totals` names (the tenant's serving stamp, which
   * every publication replaces in its transaction). Given with `share`: a list whose view is part of the deployment
   * reads its pages within the feeds its count found (see MAX_VIEW_FEEDS), and checks this after each such read.
   */
  stillServing?: () => Promise<boolean>;
}

/**
 * Most feeds a page reads within. A tenant among many boards holds the records of one feed or a few: its page walks
 * their `(feed, sourcedId)` index in order, reading some `limit` records of its own, where walking the table read every
 * board's and gathering sorted the rest of its view for every page. The feeds are those the list's count found in the
 * same published state; a page read after a publication (the stamp moved on meanwhile) is read again without them, so
 * a feed that entered the view since the count is never left out.
 */
const MAX_VIEW_FEEDS = 8;

/**
 * The largest share of the deployment's orgs whose view a count gathers. A count reads the whole view either way:
 * gathered through an index, walked over the whole table. Measured (SQLite, 838,400 enrollments): a twentieth of them
 * counted in 44 ms gathered against 570 ms walked, all of them in 1,362 ms against 683 ms.
 */
export const SMALL_VIEW_SHARE = 0.25;

const countRead = (share: number | undefined): ViewRead =>
  share !== undefined && share <= SMALL_VIEW_SHARE ? 'gather' : 'walk';

/** Gathers where the records of the view left to page (`total - offset`) are fewer than a walk's page reads. */
const pageRead = (share: number | undefined, left: number, limit: number): ViewRead =>
  share !== undefined && left * share < limit ? 'gather' : 'walk';

/** A page's statements: its rows, and its sourcedIds as a subquery. */
interface Slice<T extends ObjectLiteral> {
  rows: SelectQueryBuilder<T>;
  keys: SelectQueryBuilder<T>;
}

export interface PageOfRows<T extends ObjectLiteral> {
  rows: T[];
  total: number;
  /** The page's sourcedIds as a subquery, so relations load in one statement whatever the page size. */
  keys?: SelectQueryBuilder<T>;
  /** Remembers where the page ended, for the sweep's next page: once it is served (it may have been read ahead). */
  served: () => Promise<void>;
}

/**
 * The one list engine: filter, count, sort and page a resource's query, all in SQL, with bound
 * parameters only. Services hand it a query already narrowed to what the caller may see.
 */
@Injectable()
export class ListQueryService {
  constructor(
    private readonly cache: PageCache,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /**
   * One page. With `memory`, the total and where each page ended are remembered (PageCache): a sweep
   * counts once, and a page that starts where the client's last one ended seeks past its sourcedId
   * instead of skipping `offset` rows, so no record is skipped or repeated when the data changes between
   * two pages.
   */
  async page<T extends ObjectLiteral>(
    source: ListSource<T>,
    resource: Resource,
    query: ListQuery,
    memory?: PageMemory,
  ): Promise<PageOfRows<T>> {
    const { plan, read: rows } = await this.read(source, resource, query, memory, (slice) => servedRows(slice.rows));
    if (!plan.slice || !rows) return { rows: [], total: plan.total, served: async () => undefined };
    const served = () => plan.served(rows.map((row) => row.sourcedId as string));
    return { rows, total: plan.total, keys: plan.slice.keys, served };
  }

  /**
   * The same page as `page`, its JSON array built by the database (see renderPage), or undefined where
   * it is not: on PostgreSQL and SQL Server, with `fields` or a sort other than sourcedId (SDS asks for
   * neither), or when an href needs encoding. The caller then builds the page with `page`.
   */
  async renderedPage<T extends ObjectLiteral>(
    source: ListSource<T>,
    resource: Resource,
    query: ListQuery,
    memory: PageMemory | undefined,
    render: { shape: RecordShape; baseUrl: string },
  ): Promise<(RenderedPage & { total: number }) | undefined> {
    if (query.fields || !seeksBySourcedId(query) || !buildsPageJson(this.dataSource)) return undefined;
    const options = { baseUrl: render.baseUrl, descending: query.orderBy === 'desc' };
    const { plan, read: page } = await this.read(source, resource, query, memory, (slice) =>
      renderPage(slice.rows, render.shape, options),
    );
    if (!plan.slice) return { json: '[]', sourcedIds: [], total: plan.total };
    if (!page) return undefined;
    await plan.served(page.sourcedIds);
    return { ...page, total: plan.total };
  }

  /**
   * Plans the page and reads its slice with `read`; a page read within its view's feeds is read again without them
   * when the published state moved on meanwhile (see MAX_VIEW_FEEDS).
   */
  private async read<T extends ObjectLiteral, R>(
    source: ListSource<T>,
    resource: Resource,
    query: ListQuery,
    memory: PageMemory | undefined,
    read: (slice: Slice<T>) => Promise<R>,
  ) {
    const plan = await this.plan(source, resource, query, memory);
    if (!plan.slice) return { plan };
    const first = await read(plan.slice);
    if (!plan.withinFeeds || (await source.stillServing!())) return { plan, read: first };
    const again = await this.plan(source, resource, query, memory, false);
    return { plan: again, read: again.slice && (await read(again.slice)) };
  }

  /** Filters, counts and slices a page; `served` remembers where a page that served these ids ended. */
  private async plan<T extends ObjectLiteral>(
    source: ListSource<T>,
    resource: Resource,
    query: ListQuery,
    memory?: PageMemory,
    withinFeeds = true,
  ) {
    const share = await this.shareOf(source, resource, memory);
    const counted = source.query(countRead(share));
    const widened = { ...query, filter: await widenDeltaFilter(counted.connection.manager, query.filter) };
    this.filterAndSort(counted, resource, widened);
    const totalKey = memory && listKeyOf(memory.totals, counted);
    const sweepKey = memory && seeksBySourcedId(query) ? sweepKeyOf(memory.sweep, query) : undefined;
    // No page ends before offset 0: the first page of every sweep skips the (on server databases, remote) lookup.
    const endBefore =
      sweepKey === undefined || query.offset === 0 ? undefined : await this.cache.endBefore(sweepKey, query.offset);
    const byFeed = withinFeeds && share !== undefined && share < 1 && source.stillServing !== undefined;
    const { total, feeds } = await this.total(counted, resource, totalKey, byFeed);
    const read = pageRead(share, total - query.offset, query.limit);
    const qb = read === countRead(share) ? counted : this.filterAndSort(source.query(read), resource, widened);
    const within = feeds !== undefined && feeds.length > 0 && feeds.length <= MAX_VIEW_FEEDS;
    if (within) qb.andWhere(`${resource.alias}.feed IN (:...viewFeeds)`, { viewFeeds: feeds });
    const served = async (sourcedIds: readonly string[]) => {
      const last = sourcedIds.at(-1);
      if (sweepKey !== undefined && last !== undefined)
        await this.cache.rememberPageEnd(sweepKey, query.offset + sourcedIds.length, last);
    };
    // A sweep past the end of a shrunken list still continues after its last record.
    const empty = total === 0 || (query.offset >= total && endBefore === undefined);
    return {
      total,
      served,
      withinFeeds: within,
      slice: empty ? undefined : this.slice(qb, resource, query, endBefore),
    };
  }

  /** The share of the table the list's view holds (see ListSource), remembered like a total. */
  private async shareOf<T extends ObjectLiteral>(source: ListSource<T>, resource: Resource, memory?: PageMemory) {
    if (!source.share) return undefined;
    const key = memory && `view share\n${resource.type}\n${memory.totals}`;
    const known = key === undefined ? undefined : this.cache.total(key);
    if (known !== undefined) return known;
    const share = await source.share();
    if (key !== undefined) this.cache.rememberTotal(key, share);
    return share;
  }

  /** The statements behind a page, uncached: its rows, their sourcedIds (a subquery for relations), and the filtered count. */
  pageQueries<T extends ObjectLiteral>(
    qb: SelectQueryBuilder<T>,
    resource: Resource,
    query: ListQuery,
    endBefore?: string,
  ) {
    this.filterAndSort(qb, resource, query);
    return { count: countOf(qb), ...this.slice(qb, resource, query, endBefore) };
  }

  /**
   * The filtered count for X-Total-Count, remembered per list; with `byFeed` (and a list key), counted by feed, the
   * feeds remembered with it. Feeds counted in a later state than the key names are caught where they are used: a page
   * read within them in that later state finds the stamp moved on (see `read`).
   */
  private async total<T extends ObjectLiteral>(
    qb: SelectQueryBuilder<T>,
    resource: Resource,
    listKey: string | undefined,
    byFeed: boolean,
  ): Promise<{ total: number; feeds?: readonly string[] }> {
    const known = listKey === undefined ? undefined : this.cache.total(listKey);
    if (known !== undefined) return { total: known, feeds: byFeed ? this.cache.feedsOf(listKey!) : undefined };
    if (listKey === undefined || !byFeed) {
      const raw = await countOf(qb).getRawOne<{ total: string | number }>();
      const total = Number(raw?.total ?? 0);
      if (listKey !== undefined) this.cache.rememberTotal(listKey, total);
      return { total };
    }
    const rows = await countByFeedOf(qb, resource).getRawMany<{ feed: string; total: string | number }>();
    const [total, feeds] = [rows.reduce((sum, row) => sum + Number(row.total), 0), rows.map((row) => row.feed)];
    this.cache.rememberTotal(listKey, total);
    this.cache.rememberFeeds(listKey, feeds);
    return { total, feeds };
  }

  /**
   * The page of the sorted query: the `limit` records after `endBefore` (the sourcedId that ended the
   * previous page) when known, else by OFFSET. Both give the same records on the same data.
   */
  private slice<T extends ObjectLiteral>(
    qb: SelectQueryBuilder<T>,
    resource: Resource,
    query: ListQuery,
    endBefore?: string,
  ): Slice<T> {
    const id = resource.fields.sourcedId.property;
    const page =
      endBefore === undefined
        ? qb.offset(query.offset).limit(query.limit)
        : qb
            .andWhere(`${id} ${query.orderBy === 'desc' ? '<' : '>'} :pageEndBefore`, { pageEndBefore: endBefore })
            .offset(0)
            .limit(query.limit);
    return { rows: selectServed(page.clone(), resource), keys: page.select(id) };
  }

  private filterAndSort<T extends ObjectLiteral>(
    qb: SelectQueryBuilder<T>,
    resource: Resource,
    query: ListQuery,
  ): SelectQueryBuilder<T> {
    applyFilter(qb, resource, query.filter);
    this.sort(qb, resource, query);
    return qb;
  }

  /** The record with this sourcedId in the (already narrowed) query, or 404 unknownobject. */
  async one<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, resource: Resource, sourcedId: string): Promise<T> {
    const [row] = await servedRows(
      selectServed(qb.andWhere(`${resource.alias}.sourcedId = :sourcedId`, { sourcedId }), resource),
    );
    if (!row) throw new UnknownObjectError(resource.type, sourcedId);
    return row;
  }

  /** Whether the (already narrowed) query has a record with this sourcedId. */
  async exists<T extends ObjectLiteral>(
    qb: SelectQueryBuilder<T>,
    resource: Resource,
    sourcedId: string,
  ): Promise<boolean> {
    return qb.andWhere(`${resource.alias}.sourcedId = :sourcedId`, { sourcedId }).getExists();
  }

  /** ORDER BY the requested field, then sourcedId, so offset pages never skip or repeat a record. */
  private sort<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, resource: Resource, query: ListQuery): void {
    const direction = query.orderBy === 'desc' ? 'DESC' : 'ASC';
    const tieBreaker = resource.fields.sourcedId.property;
    if (query.sort && query.sort !== 'sourcedId') {
      const spec = resource.fields[query.sort];
      if (!spec?.sortable)
        throw new InvalidDataError(`sort: "${query.sort}" is not a sortable field of ${resource.type}`);
      qb.orderBy(spec.property, direction).addOrderBy(tieBreaker, 'ASC');
    } else {
      qb.orderBy(tieBreaker, direction);
    }
  }
}

/** Pages sorted by sourcedId alone (the default, and what SDS asks for) can seek past the previous page's last one. */
function seeksBySourcedId(query: ListQuery): boolean {
  return query.sort === undefined || query.sort === 'sourcedId';
}

function countOf<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>): SelectQueryBuilder<T> {
  return qb.clone().select('COUNT(1)', 'total').orderBy();
}

function countByFeedOf<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, resource: Resource): SelectQueryBuilder<T> {
  const feed = `${resource.alias}.feed`;
  return qb.clone().select(feed, 'feed').addSelect('COUNT(1)', 'total').groupBy(feed).orderBy();
}

/**
 * What identifies a list for PageCache: whose it is (see PageMemory), the query's SQL and its
 * parameters, hashed (the SQL alone runs to kilobytes, and thousands of page ends are kept).
 */
function listKeyOf<T extends ObjectLiteral>(owner: string, qb: SelectQueryBuilder<T>): string {
  return createHash('sha256')
    .update(`${owner}\n${qb.getQuery()}\n${stableJson(qb.getParameters())}`)
    .digest('base64');
}

/** What identifies a sweep: its owner (see PageMemory) and the client's filter, sort and order; hashed. */
function sweepKeyOf(owner: string, { filter, sort, orderBy }: ListQuery): string {
  return createHash('sha256')
    .update(JSON.stringify([owner, filter, sort, orderBy]))
    .digest('base64');
}

/** Parameters as JSON with sorted keys, so equal queries give equal cache keys. */
function stableJson(parameters: ObjectLiteral): string {
  return JSON.stringify(
    Object.keys(parameters)
      .sort()
      .map((key) => [key, parameters[key]]),
  );
}

/**
 * Columns no served record shows: what an import keeps with each record for itself (RosteringRecord), and the values
 * derived for queries alone (a class's school years, a user's first begin date), which only the WHERE clause reads.
 */
const NOT_SHOWN = new Set(['contentHash', 'lineHash', 'feed', 'schoolYearFirst', 'schoolYearLast', 'firstBeginDate']);

/**
 * Selects a row query's columns but those no record shows and those the resource serves otherwise, and the resource's
 * served values, each under its property's name: the rows are the records' entities as the driver returns them (see
 * servedRows). On PostgreSQL each value is a string the driver builds: an enrollment's row was 15 of them, 4 never read.
 */
function selectServed<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, resource: Resource): SelectQueryBuilder<T> {
  const { name, metadata } = qb.expressionMap.mainAlias!;
  const served = resource.served ?? {};
  const shown = metadata.columns.filter(
    (column) => !NOT_SHOWN.has(column.propertyName) && served[column.propertyName] === undefined,
  );
  qb.select([]);
  for (const { propertyName } of shown) qb.addSelect(`${name}.${propertyName}`, propertyName);
  for (const [property, expression] of Object.entries(served)) qb.addSelect(expression, property);
  return qb;
}
