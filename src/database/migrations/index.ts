import { CreateRostering1763800000000 } from './1763800000000-create-rostering';
import { CreateImportStaging1763800000001 } from './1763800000001-create-import-staging';
import { CreateTenantsAndClients1763800000002 } from './1763800000002-create-tenants-and-clients';

/** Migrations in the order they run. */
export const MIGRATIONS = [CreateRostering1763800000000, CreateImportStaging1763800000001, CreateTenantsAndClients1763800000002];
