import { randomUUID } from 'node:crypto';
import { EntityManager, In } from 'typeorm';
import { TenantEntity } from './tenant.entity';

/**
 * Gives these tenants (all without ids) a new serving stamp. Call it once the change is committed,
 * so a request that sees the new stamp also sees the new data.
 */
export async function renewServingStamp(manager: EntityManager, tenantIds?: readonly string[]): Promise<void> {
  if (tenantIds?.length === 0) return;
  const update = manager.createQueryBuilder().update(TenantEntity).set({ servingStamp: randomUUID() });
  await (tenantIds ? update.where({ id: In([...tenantIds]) }) : update).execute();
}
