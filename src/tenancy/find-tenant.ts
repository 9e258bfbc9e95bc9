import { DataSource, EntityManager } from 'typeorm';
import { UsageError } from '../usage-error';
import { TenantEntity } from './tenant.entity';

/** A mistake in a tenant command; the CLI prints its message as one line. */
export class TenantError extends UsageError {}

/** The tenant with this id, or a TenantError naming the command that lists them. */
export async function findTenant(db: DataSource | EntityManager, id: string): Promise<TenantEntity> {
  const tenant = await db.getRepository(TenantEntity).findOneBy({ id });
  if (!tenant) throw new TenantError(`no tenant '${id}' (see: tenants list)`, 'not-found');
  return tenant;
}
