import pino from 'pino';
import { DataSource, EntityManager } from 'typeorm';
import { loadConfig } from '../../src/config/app-config';
import { parseDatabaseUrl } from '../../src/config/database-url';
import { BundleImporter } from '../../src/csv/bundle-importer';
import { dataSourceOptions } from '../../src/database/data-source';
import { ENTITIES } from '../../src/entities';
import { ClassTitlesService } from '../../src/publication/class-titles.service';
import { Publisher } from '../../src/publication/publisher.service';
import { DeriveOptions, TenantScopeService } from '../../src/publication/tenant-scope.service';
import { UsernameAssigner } from '../../src/publication/username-assigner.service';
import { TenantEntity } from '../../src/tenancy/tenant.entity';

/** The real derivations, then a pause inside the publishing transaction: the window a reader must never see into. */
class PausingDerivations extends TenantScopeService {
  pauseMs = 0;
  /** Called once the derived values are written and the transaction is still open. */
  onPause?: () => void;
  /** Called as the pause ends, before the transaction commits. */
  onResume?: () => void;
  /** Awaited after the pause as well: a test holds the transaction open until it has checked what it needs. */
  gate?: Promise<void>;

  override async derive(manager: EntityManager, tenants: TenantEntity[], options: DeriveOptions) {
    const derived = await super.derive(manager, tenants, options);
    this.onPause?.();
    if (this.pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, this.pauseMs));
    await this.gate;
    this.onResume?.();
    return derived;
  }
}

export interface SecondImporter {
  importer: BundleImporter;
  derivations: PausingDerivations;
  close(): Promise<void>;
}

/**
 * An importer on a connection of its own to the test app's database, as the CLI imports beside a running
 * server in production: its open transaction is invisible to the app's readers.
 */
export async function secondImporter(databaseUrl: string): Promise<SecondImporter> {
  const dataSource = new DataSource(dataSourceOptions(parseDatabaseUrl(databaseUrl), ENTITIES));
  await dataSource.initialize();
  const derivations = new PausingDerivations(new UsernameAssigner(), new ClassTitlesService());
  const config = loadConfig({ DATABASE_URL: databaseUrl });
  const importer = new BundleImporter(
    dataSource,
    pino({ level: 'silent' }),
    new Publisher(dataSource, derivations),
    config,
  );
  return { importer, derivations, close: () => dataSource.destroy() };
}
