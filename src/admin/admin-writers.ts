import { BeforeApplicationShutdown, Inject, Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { BundleImporter } from '../csv/bundle-importer';
import { ImportsService } from '../csv/imports.service';
import { dataSourceOptions } from '../database/data-source';
import { PINO_LOGGER } from '../logging/logging.module';
import { Metrics } from '../metrics/metrics';
import { Publisher } from '../publication/publisher.service';
import { TenantScopeService } from '../publication/tenant-scope.service';
import { UsernameAssigner } from '../publication/username-assigner.service';
import { TenantsService } from '../tenants/tenants.service';
import { EntraReservationsService } from '../usernames/entra-reservations.service';
import { UsernameChangesService } from '../usernames/username-changes.service';
import { UsernameReviewService } from '../usernames/username-review.service';

/** The services whose writes run in a transaction, on the writer connection. */
export interface Writers {
  tenants: TenantsService;
  review: UsernameReviewService;
  changes: UsernameChangesService;
  reservations: EntraReservationsService;
  importer: BundleImporter;
  imports: ImportsService;
}

/**
 * The admin API's transactions (pushed imports, approvals, tenant settings, usernames) on a connection of their own,
 * as the CLI's run in a process of its own. SQLite has one connection per DataSource: a transaction on the server's
 * would be seen, half written, by the requests it serves meanwhile. The writer connection has no request timeout,
 * which is for readers, not imports.
 *
 * On SQLite the writes also take turns: better-sqlite3 is synchronous, so a second write waiting for the file's write
 * lock would block the event loop the first one needs to finish. On PostgreSQL and SQL Server they run side by side.
 */
@Injectable()
export class AdminWriters implements BeforeApplicationShutdown {
  private opened?: Promise<{ dataSource: DataSource; writers: Writers }>;
  private turn: Promise<unknown> = Promise.resolve();
  private readonly running = new Set<Promise<unknown>>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(PINO_LOGGER) private readonly logger: Logger,
    private readonly config: AppConfig,
    private readonly moduleRef: ModuleRef,
    private readonly metrics: Metrics,
  ) {}

  /** Runs `work` with the writers: on SQLite once the writes this process started before it are over. */
  run<T>(work: (writers: Writers) => Promise<T>): Promise<T> {
    const start = async () => work((await this.open()).writers);
    const result = this.dataSource.options.type === 'better-sqlite3' ? this.turn.then(start) : start();
    const settled = result.catch(() => undefined);
    this.turn = settled;
    this.running.add(settled);
    void settled.then(() => this.running.delete(settled));
    return result;
  }

  /** Lets the writes in progress commit or roll back, then closes the connection. */
  async beforeApplicationShutdown() {
    await Promise.all(this.running);
    if (this.opened) await (await this.opened).dataSource.destroy();
  }

  private open() {
    this.opened ??= (async () => {
      const entities = this.dataSource.options.entities!;
      const options = dataSourceOptions({ ...this.config.database, requestTimeoutMs: undefined }, entities);
      const dataSource = await new DataSource({ ...options, logger: this.dataSource.options.logger }).initialize();
      return { dataSource, writers: this.build(dataSource) };
    })();
    return this.opened;
  }

  private build(dataSource: DataSource): Writers {
    const scopes = this.moduleRef.get(TenantScopeService, { strict: false });
    const publisher = new Publisher(dataSource, scopes);
    return {
      tenants: new TenantsService(dataSource, publisher),
      review: new UsernameReviewService(dataSource, this.moduleRef.get(UsernameAssigner, { strict: false }), publisher),
      changes: new UsernameChangesService(dataSource, publisher),
      reservations: new EntraReservationsService(dataSource),
      importer: new BundleImporter(dataSource, this.logger, publisher, this.config, this.metrics),
      imports: new ImportsService(dataSource),
    };
  }
}
