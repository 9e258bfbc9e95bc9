import { Inject, Optional } from '@nestjs/common';
import { EntityManager, IsNull, ObjectLiteral, Repository, SelectQueryBuilder } from 'typeorm';
import { loadInChunks } from '../database/batches';
import { Owners, pageOwners } from './link-loader';
import { groupBy } from './record-json';
import { CollectionPage, SingleRecord } from './http/responses';
import { RosterContext, ScopedRosterContext } from './http/roster-context';
import { checkSelectableFields } from './query/fields';
import { ListQuery } from './query/list-query';
import { ListQueryService, ListSource, PageOfRows, ViewRead } from './query/list-query.service';
import { readsChanges } from './query/delta-windows';
import { ReadAhead } from './http/read-ahead';
import { RecordShape } from './query/page-json';
import { Resource, serveAs } from './query/resource';
import { KnownInstant, LatestCandidate, latestOf } from './query/served-sql';
import { ScopeCondition } from '../tenancy/tenant-scope.conditions';
import { DepartingType, TenantDepartureEntity } from '../tenancy/tenant-departure.entity';
import { TenantEntity } from '../tenancy/tenant.entity';

/** The share of a resource's table a tenant's view is expected to hold, from 0 to 1 (see ListSource). */
export type ViewShare = (manager: EntityManager, tenantId: string) => Promise<number>;

/** Which records of a resource a tenant sees: those in its scope, and those that departed from it (TenantDepartures). */
export interface TenantView {
  readonly inScope: ScopeCondition;
  readonly departures: DepartingType;
  /** Absent for a resource whose lists always walk (see ViewRead). */
  readonly share?: ViewShare;
}

/** The departure joined to every query as `departure`: NULL unless the record left the tenant's view. */
const DEPARTED = 'departure.sourcedId IS NOT NULL';

const hasDepartures = (ctx: ScopedRosterContext) => Boolean(ctx.tenant.lastDepartureAt);

/** An authenticated request's context; a query without a tenant is a bug, never "everything". */
export function scopedContext(ctx: RosterContext): ScopedRosterContext {
  if (!ctx.tenantId || !ctx.tenant || !ctx.now) throw new Error('a OneRoster query ran without a tenant');
  return ctx as ScopedRosterContext;
}

/** What a reader loads once per request before serving it, e.g. the serving calendar's view of the request. */
export interface RequestPreload {
  view(ctx: ScopedRosterContext): Promise<unknown>;
}

/** A page's records, its list's total, and what serving it remembers (see PageOfRows). */
interface BuiltPage<D> {
  readonly records: D[];
  readonly total: number;
  readonly served: () => Promise<void>;
}

/** How a list reads its pages, and what identifies one (see ReadAhead). */
interface PageReads<D> {
  read(query: ListQuery): Promise<BuiltPage<D>>;
  keyOf(query: ListQuery): string;
}

/** Extra WHERE conditions a route adds, e.g. `type = 'school'` for /schools. */
export type Narrowing<E extends ObjectLiteral> = (qb: SelectQueryBuilder<E>) => SelectQueryBuilder<E>;

/**
 * Reads one OneRoster resource: every collection, nested route and single-object route of that
 * resource goes through `list` and `get`, so paging, filter, sort, fields and (later) the
 * caller's scope are applied the same way everywhere.
 */
export abstract class ResourceReader<E extends ObjectLiteral, D extends object> {
  /** Absent for a reader made by hand, outside the application (a test). */
  @Optional() @Inject(ReadAhead) private readonly readAhead?: ReadAhead;

  protected constructor(
    protected readonly repository: Repository<E>,
    protected readonly lists: ListQueryService,
    readonly resource: Resource,
    /** The tenant restriction; a constructor argument so that no resource can be read unscoped. */
    private readonly tenantView: TenantView,
    /** Loaded before every query, so that `servedOnly` and `served` can read it synchronously. */
    private readonly preload?: RequestPreload,
  ) {}

  /**
   * Turns a page of rows into JSON records, loading their relations in a fixed number of queries:
   * `owners` names the rows' sourcedIds, as the page's keys subquery for a list.
   */
  protected abstract toRecords(ctx: RosterContext, rows: E[], owners: Owners): Promise<D[]>;

  /**
   * The records this caller's tenant may see, before any route narrowing: in its scope, or departed from it (served as
   * tobedeleted, see `servedResource`). Fails closed without a tenant.
   */
  visible(ctx: RosterContext, read: ViewRead = 'walk'): SelectQueryBuilder<E> {
    const scoped = scopedContext(ctx);
    const { alias } = this.resource;
    const all = this.repository.createQueryBuilder(alias);
    // A tenant nothing ever left reads without the departures: the same SQL as before there were any.
    if (hasDepartures(scoped))
      all.leftJoin(
        TenantDepartureEntity,
        'departure',
        `departure.tenantId = :departureTenantId AND departure.entityType = '${this.tenantView.departures}' AND departure.sourcedId = ${alias}.sourcedId`,
        { departureTenantId: scoped.tenantId },
      );
    const gathered = read === 'gather';
    const qb = this.tenantView.inScope(all, scoped.tenantId, {
      gathered,
      probed: gathered,
      ...(hasDepartures(scoped) ? { orElse: DEPARTED } : {}),
    });
    for (const { parameter, value } of this.viewChanges(scoped)) qb.setParameter(parameter, value);
    return this.servedOnly(scoped, qb);
  }

  /**
   * The instant records last entered the tenant's view without changing themselves (see TenantEntity.viewChangedAt):
   * a candidate of every served dateLastModified, so a client syncing by dateLastModified receives them.
   */
  protected viewChanges(ctx: ScopedRosterContext): KnownInstant[] {
    const value = ctx.tenant.viewChangedAt;
    return value ? [{ parameter: 'viewChangedAt', value }] : [];
  }

  /** Loads what `servedOnly` and `served` read synchronously; runs before every query. Returns what it loaded. */
  async prepare(ctx: ScopedRosterContext): Promise<unknown> {
    return this.preload?.view(ctx);
  }

  /** Joins what served values read and drops records the tenant's rules hold back (future students, next year). */
  protected servedOnly(_ctx: ScopedRosterContext, qb: SelectQueryBuilder<E>): SelectQueryBuilder<E> {
    return qb;
  }

  /** The visible records but those that departed: what other records reference. */
  private stayed(ctx: RosterContext): SelectQueryBuilder<E> {
    const qb = this.visible(ctx);
    return hasDepartures(scopedContext(ctx)) ? qb.andWhere(`NOT (${DEPARTED})`) : qb;
  }

  /** Candidates of every served dateLastModified: the view's changes, and the moment a departed record left. */
  protected viewCandidates(ctx: ScopedRosterContext): LatestCandidate[] {
    const departed = ctx.tenant.lastDepartureAt;
    return [...this.viewChanges(ctx), ...(departed ? [{ column: 'departure.departedAt', atMost: departed }] : [])];
  }

  /** The resource as this request serves it (see `serveAs`); by default, as stored but for the view's changes. */
  servedResource(ctx: ScopedRosterContext): Resource {
    return serveAs(this.resource, {
      dateLastModified: latestOf(this.resource.fields.dateLastModified.property, ...this.viewCandidates(ctx)),
    });
  }

  /** The resource as served, a departed record's status tobedeleted whatever the rules above serve. */
  private servedWithDepartures(ctx: ScopedRosterContext): Resource {
    const resource = this.servedResource(ctx);
    if (!hasDepartures(ctx)) return resource;
    const { property, equals } = resource.fields.status;
    const stayed = (value: string) => (equals ? equals(value) : `${property} = ${value}`);
    return serveAs(resource, {
      status: {
        sql: `CASE WHEN ${DEPARTED} THEN 'tobedeleted' ELSE ${property} END`,
        equals: (value) => `(NOT (${DEPARTED}) AND (${stayed(value)}) OR ${DEPARTED} AND 'tobedeleted' = ${value})`,
      },
    });
  }

  /**
   * The record as the database can build it from the page's row alone (see renderPage), for readers
   * whose records need nothing built in Node: their list pages never become objects in Node.
   */
  protected recordShape(_ctx: ScopedRosterContext): RecordShape | undefined {
    return undefined;
  }

  async list(ctx: RosterContext, query: ListQuery, narrow?: Narrowing<E>): Promise<CollectionPage<D>> {
    checkSelectableFields(this.resource, query.fields);
    const scoped = scopedContext(ctx);
    const preloaded = await this.prepare(scoped);
    const { share } = this.tenantView;
    const wide = !narrow && share !== undefined;
    const listed: ListSource<E> = {
      query: (read) => (narrow ? narrow(this.visible(ctx, read)) : this.visible(ctx, read)),
      share: wide ? () => share(this.repository.manager, scoped.tenantId) : undefined,
      stillServing: wide ? () => this.stillServing(scoped) : undefined,
    };
    const memory = {
      totals: `${scoped.tenantId}\n${scoped.tenant.servingStamp ?? ''}`,
      sweep: `${scoped.tenantId}\n${scoped.clientId ?? ''}\n${this.routeOf(narrow)}`,
    };
    const served = this.servedWithDepartures(scoped);
    const shape = this.recordShape(scoped);
    const rendered =
      shape && (await this.lists.renderedPage(listed, served, query, memory, { shape, baseUrl: ctx.baseUrl }));
    if (rendered) return new CollectionPage<D>(this.resource.keys.collection, rendered, rendered.total, query);
    const page = await this.pageOf(scoped, query, {
      read: (wanted) => this.builtPage(ctx, () => this.lists.page(listed, served, wanted, memory)),
      // What a page's content depends on: the published state (the stamp in `memory.totals`) and all else.
      keyOf: (wanted) => JSON.stringify([memory.sweep, memory.totals, ctx.baseUrl, preloaded ?? null, wanted]),
    });
    return new CollectionPage(this.resource.keys.collection, page.records, page.total, query);
  }

  /** The page as the request before read it ahead, else read now; then the next one is read ahead (see ReadAhead). */
  private async pageOf(ctx: ScopedRosterContext, query: ListQuery, pages: PageReads<D>): Promise<BuiltPage<D>> {
    const { read, keyOf } = pages;
    const page = (await this.readAhead?.take<BuiltPage<D>>(keyOf(query))) ?? (await read(query));
    await page.served();
    const next = { ...query, offset: query.offset + query.limit };
    if (page.records.length === query.limit && next.offset < page.total && !readsChanges(query.filter))
      this.readAhead?.start(keyOf(next), async () => {
        const built = await read(next);
        // Read in the state this request was served in, or not served at all.
        return (await this.stillServing(ctx)) ? built : undefined;
      });
    return page;
  }

  /** A page of rows and their records, in a fixed number of queries. */
  private async builtPage(ctx: RosterContext, rowsOf: () => Promise<PageOfRows<E>>): Promise<BuiltPage<D>> {
    const { rows, total, keys, served } = await rowsOf();
    // Either way one statement per relation (see pageOwners).
    const ids = rows.map((row) => row.sourcedId as string);
    const owners = pageOwners(this.repository.manager.connection, ids, keys);
    const records = rows.length > 0 ? await this.toRecords(ctx, rows, owners) : [];
    return { records, total, served };
  }

  /** Whether the tenant's serving stamp is still the one this request read: no publication landed since. */
  private stillServing({ tenantId, tenant }: ScopedRosterContext): Promise<boolean> {
    return this.repository.manager
      .getRepository(TenantEntity)
      .existsBy({ id: tenantId, servingStamp: tenant.servingStamp ?? IsNull() });
  }

  /** The route a list serves, whatever the tenant's settings: the resource and its narrowing alone, as SQL. */
  private routeOf(narrow?: Narrowing<E>): string {
    const plain = this.repository.createQueryBuilder(this.resource.alias);
    const route = narrow ? narrow(plain) : plain;
    return `${route.getQuery()}\n${JSON.stringify(route.getParameters())}`;
  }

  async get(
    ctx: RosterContext,
    sourcedId: string,
    fields?: readonly string[],
    narrow?: Narrowing<E>,
  ): Promise<SingleRecord<D>> {
    checkSelectableFields(this.resource, fields);
    await this.prepare(scopedContext(ctx));
    const qb = narrow ? narrow(this.visible(ctx)) : this.visible(ctx);
    const row = await this.lists.one(qb, this.servedWithDepartures(scopedContext(ctx)), sourcedId);
    const [record] = await this.toRecords(ctx, [row], [sourcedId]);
    return new SingleRecord(this.resource.keys.single, record, fields);
  }

  /** The visible records whose `parentProperty` points at each of `parentIds` (org and session children). */
  protected async childIds(ctx: RosterContext, parentIds: string[], parentProperty: keyof E & string) {
    const alias = this.resource.alias;
    await this.prepare(scopedContext(ctx));
    const rows = await loadInChunks(parentIds, (chunk) =>
      this.stayed(ctx)
        .select([`${alias}.sourcedId`, `${alias}.${parentProperty}`])
        .andWhere(`${alias}.${parentProperty} IN (:...chunk)`, { chunk })
        .orderBy(`${alias}.sourcedId`)
        .getMany(),
    );
    return groupBy(
      rows,
      (row) => row[parentProperty] as string,
      (row) => row.sourcedId as string,
    );
  }

  /** Which of these sourcedIds the caller may see: a parent outside the tenant's scope is not referenced. */
  protected async visibleIds(ctx: RosterContext, ids: string[]): Promise<Set<string>> {
    const alias = this.resource.alias;
    await this.prepare(scopedContext(ctx));
    const rows = await loadInChunks([...new Set(ids)], (chunk) =>
      this.stayed(ctx).select(`${alias}.sourcedId`).andWhere(`${alias}.sourcedId IN (:...chunk)`, { chunk }).getMany(),
    );
    return new Set(rows.map((row) => row.sourcedId as string));
  }

  /** Throws 404 unknownobject unless the caller can see this record (parents of nested routes). */
  async assertExists(ctx: RosterContext, sourcedId: string, narrow?: Narrowing<E>): Promise<void> {
    await this.prepare(scopedContext(ctx));
    const qb = narrow ? narrow(this.visible(ctx)) : this.visible(ctx);
    await this.lists.one(qb.select(`${this.resource.alias}.sourcedId`), this.resource, sourcedId);
  }
}
