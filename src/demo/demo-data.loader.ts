import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from 'pino';
import { DataSource, IsNull } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { BundleImporter } from '../csv/bundle-importer';
import { formatProblem } from '../csv/import-problem';
import { ImportRunningError } from '../csv/import-lock';
import { ImportReport } from '../csv/import-report';
import { PINO_LOGGER } from '../logging/logging.module';
import { OrgEntity } from '../orgs/org.entity';
import { generateBoard } from './board-generator';
import { ClientsService } from '../auth/clients.service';
import { TOKEN_PATH } from '../oneroster/errors/oauth-error';
import { ONEROSTER_PATH } from '../oneroster/http/roster-context';
import { TenantEntity } from '../tenancy/tenant.entity';
import { TenantsService } from '../tenants/tenants.service';

export const DEMO_STUDENTS = 360;
export const DEMO_SEED = 2026;
export const DEMO_TENANT = 'demo';
/** The demo board's own feed: the demo tenant sees its orgs only, never another feed's data. */
export const DEMO_FEED = 'demo';

/** On start, fills an empty database with the demo board (DEMO_DATA=true, the default). */
@Injectable()
export class DemoDataLoader implements OnApplicationBootstrap {
  constructor(
    private readonly config: AppConfig,
    private readonly importer: BundleImporter,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(PINO_LOGGER) private readonly logger: Logger,
    private readonly tenants: TenantsService,
    private readonly clients: ClientsService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const noTenants = !(await this.dataSource.getRepository(TenantEntity).exists());
    // Demo credentials only beside the demo board: real data never gets an all-orgs tenant by itself.
    if (this.config.demoData && (await this.loadDemoBoard()) && noTenants) return this.createDemoCredentials();
    if (noTenants)
      this.logger.warn(
        'No tenants yet, so no client can get a token: npm run cli -- tenants create <id> --name "…" --orgs <sourcedId|identifier>,…',
      );
  }

  /** A tenant covering the demo board and an SDS client, printed once: the secret is stored only as a hash. */
  private async createDemoCredentials() {
    if (await this.dataSource.getRepository(TenantEntity).existsBy({ id: DEMO_TENANT })) return;
    // The demo feed's top orgs (its district): with their descendants, the whole board and nothing else.
    const tops = await this.dataSource.getRepository(OrgEntity).findBy({ feed: DEMO_FEED, parentSourcedId: IsNull() });
    await this.tenants.create(DEMO_TENANT, { name: 'Demo school board', orgs: tops.map((org) => org.sourcedId) });
    const credentials = await this.clients.create(DEMO_TENANT, 'School Data Sync (demo)');
    const origin = this.config.publicBaseUrl ?? `http://localhost:${this.config.port}`;
    process.stdout.write(
      [
        '',
        'Demo credentials for School Data Sync (shown once; the secret is kept only as a hash):',
        `  Base URL:      ${origin}${ONEROSTER_PATH}`,
        `  Token URL:     ${origin}${TOKEN_PATH}`,
        `  Client ID:     ${credentials.clientId}`,
        `  Client secret: ${credentials.clientSecret}`,
        '',
      ].join('\n') + '\n',
    );
  }

  /** The import, or null when another instance starting at the same time holds the import lock (it loads the board). */
  private async importBesideOthers(dir: string): Promise<ImportReport | null> {
    try {
      return await this.importer.importBundle(dir, { feed: DEMO_FEED });
    } catch (error) {
      if (!(error instanceof ImportRunningError)) throw error;
      this.logger.info('Another instance is loading the demo school board');
      return null;
    }
  }

  /** Loads the demo board into an empty database; false when there was data already, or another instance loads it. */
  private async loadDemoBoard(): Promise<boolean> {
    if (await this.dataSource.getRepository(OrgEntity).exists()) return false;
    const dir = await mkdtemp(join(tmpdir(), 'oneroster-demo-'));
    try {
      const counts = await generateBoard(dir, { students: DEMO_STUDENTS, seed: DEMO_SEED });
      const report = await this.importBesideOthers(dir);
      if (!report) return false;
      if (!report.applied) {
        const first = report.errors.slice(0, 5).map(formatProblem).join('; ');
        throw new Error(`The demo data set did not import (${report.errorCount} errors): ${first}`);
      }
      this.logger.info({ counts }, 'Loaded the demo school board into the empty database (DEMO_DATA=true)');
      return true;
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
}
