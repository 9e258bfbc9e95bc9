import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { PhaseTimer } from '../logging/phase-timer';
import { FilledTables } from './roster-spans';
import { closePublicationWindows, openPublicationWindow } from '../oneroster/query/delta-windows';
import { renewServingStamp } from '../tenancy/serving-stamp';
import { TenantEntity } from '../tenancy/tenant.entity';
import { TenantScopeService } from './tenant-scope.service';
import { dropActiveCounts } from './active-counts';
import { writeTransaction } from '../database/write-lock';

export interface PublishOptions {
  /** The tenants whose view changes; all of them when the data changed. */
  tenantIds?: readonly string[];
  /** An import changed records: derive the tenant-independent columns too, and renew the stamps of all tenants. */
  dataChanged: boolean;
  timer?: Pick<PhaseTimer, 'time'>;
  /** The import's stamp: what it wrote carries it, what is older entered a view unchanged. Now, when absent. */
  stamp?: string;
  /** The earliest instant the change wrote, when earlier than the stamp (its callers' clock): opens the delta window. */
  writtenAt?: string;
  /** An import: it refreshed the school-year spans itself, and every record it wrote carries `stamp`. */
  byImport?: boolean;
  /** The tables the import filled from empty (see FilledTables). */
  filled?: FilledTables;
}

/**
 * What a tenant sees, and when. Every change to what is served (an import, a tenant's settings or scope,
 * a username correction) runs through `publish`: the change and everything derived from it (roster spans,
 * scopes, generated usernames, class titles, planner statistics and the serving stamp) commit in one
 * transaction, so a reader sees the state before or the state after, never a half.
 */
@Injectable()
export class Publisher {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly scopes: TenantScopeService,
  ) {}

  /** Runs `change` and the derivations in one transaction; returns what `change` returned. */
  async publish<T>(change: (manager: EntityManager) => Promise<T>, options: PublishOptions): Promise<T> {
    const started = Date.now();
    // On the caller's clock (its `now`, which tests move), as what the change writes is.
    const openedAt = [options.stamp, options.writtenAt].filter(Boolean).sort()[0] ?? new Date(started).toISOString();
    const result = await writeTransaction(this.dataSource, TenantEntity, async (manager) => {
      const changed = await change(manager);
      await this.publishIn(manager, { ...options, writtenAt: openedAt });
      return changed;
    });
    await this.published(new Date(Date.parse(openedAt) + Date.now() - started));
    return result;
  }

  /** Closes the delta windows of what committed (see DeltaWindows): call it after the transaction of `publishIn`. */
  async published(now: Date): Promise<void> {
    await closePublicationWindows(this.dataSource.manager, now.toISOString());
  }

  /**
   * Publishes the derivations alone: of one tenant (its settings changed), or of all (the data changed, written at
   * `stamp`: records older than it entered a view unchanged).
   */
  refresh(tenantId?: string, stamp?: string): Promise<void> {
    return this.publish(async () => undefined, {
      tenantIds: tenantId ? [tenantId] : undefined,
      dataChanged: !tenantId,
      stamp,
    });
  }

  /**
   * Derives and stamps inside a transaction the caller holds and has just changed (the import's apply). Returns the
   * tenants whose view it derived again: for an import, those its writes touched; otherwise every tenant it publishes.
   */
  async publishIn(manager: EntityManager, options: PublishOptions): Promise<string[]> {
    const { tenantIds, dataChanged, timer, byImport, filled } = options;
    const stamp = options.stamp ?? new Date().toISOString();
    // An import that changed no record publishes nothing new: no window, and the stamps stay.
    const publishes = dataChanged || tenantIds !== undefined;
    if (publishes) await openPublicationWindow(manager, [stamp, options.writtenAt ?? stamp].sort()[0]);
    const tenants = await manager.getRepository(TenantEntity).findBy(tenantIds ? { id: In([...tenantIds]) } : {});
    const derived = await this.scopes.derive(manager, tenants, { dataChanged, timer, stamp, byImport, filled });
    // The guard's counts of a view changed by anything but an import, which counts them again itself (RemovalGuard).
    if (!byImport) await dropActiveCounts(manager, derived);
    if (publishes)
      await renewServingStamp(
        manager,
        tenants.map((tenant) => tenant.id),
      );
    return derived;
  }
}
