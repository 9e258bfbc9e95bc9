import { EntityManager, In } from 'typeorm';
import { chunks } from '../database/batches';
import { TenantActiveCountEntity } from '../tenancy/tenant-active-count.entity';

/** Drops these tenants' kept guard counts: their views changed, and the next import counts them afresh. */
export async function dropActiveCounts(manager: EntityManager, tenantIds: readonly string[]): Promise<void> {
  for (const chunk of chunks(tenantIds)) await manager.delete(TenantActiveCountEntity, { tenantId: In(chunk) });
}
