import { DynamicModule, Inject, MiddlewareConsumer, Module, NestModule, OnApplicationBootstrap } from '@nestjs/common';
import { Logger } from 'pino';
import { PINO_LOGGER } from '../logging/logging.module';
import { snapshotReadsAdvice, snapshotReadsOn } from './snapshot-reads';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { migrate, requireMigratedSchema, SchemaOutOfDateError } from './migrator';
import { AppConfig } from '../config/app-config';
import { dataSourceOptions, EntityClasses } from './data-source';
import { QueryErrorLogger } from './query-error-logger';
import { StatementCounter } from './statement-counter';

/**
 * What opening the database does to its schema: `serve` migrates when MIGRATIONS_RUN says so and otherwise refuses a
 * schema the code is ahead of; `leave` touches nothing (the `migrate` command does it itself, under its lock).
 */
export type SchemaOnOpen = 'serve' | 'leave';

/** Who opens the database: the server keeps DATABASE_REQUEST_TIMEOUT_MS; the CLI's imports and migrations have none. */
export type DatabaseUser = 'server' | 'cli';

/** The application's one DataSource (no synchronize anywhere). */
@Module({})
export class DatabaseModule implements NestModule, OnApplicationBootstrap {
  static forEntities(entities: EntityClasses, user: DatabaseUser, schema: SchemaOnOpen = 'serve'): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [AppConfig, PINO_LOGGER],
          useFactory: (config: AppConfig, logger: Logger) => ({
            ...dataSourceOptions(
              user === 'server' ? config.database : { ...config.database, requestTimeoutMs: undefined },
              entities,
            ),
            // The CLI's standard output is for people and --json; DATABASE_LOGGING keeps TypeORM's console logger.
            ...(user === 'cli' && !config.database.logging && { logger: new QueryErrorLogger(logger) }),
            // Read by dataSourceFactory, which migrates under a lock: TypeORM's own run at initialize takes none.
            migrationsRun: config.migrationsRun,
            // Retried: the database may still be starting (compose, Kubernetes). Not retried: a schema to migrate first.
            toRetry: (error: unknown) => !(error instanceof SchemaOutOfDateError),
          }),
          dataSourceFactory: async (options) => {
            const dataSource = await new DataSource({ ...options!, migrationsRun: false }).initialize();
            if (schema === 'serve') {
              if (options!.migrationsRun) await migrate(dataSource);
              else await requireMigratedSchema(dataSource);
            }
            return dataSource;
          },
        }),
      ],
    };
  }

  constructor(
    private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    @Inject(PINO_LOGGER) private readonly logger: Logger,
  ) {}

  /** SQL Server without snapshot reads still serves, but says at start what it takes to import. */
  async onApplicationBootstrap(): Promise<void> {
    if (!(await snapshotReadsOn(this.dataSource)))
      this.logger.warn(`${snapshotReadsAdvice(this.dataSource)} (imports refuse to run until then)`);
  }

  /** Benchmarks only: BENCH_SQL_LOG switches on the per-request statement counter. */
  configure(consumer: MiddlewareConsumer): void {
    if (!this.config.benchSqlLog) return;
    const counter = new StatementCounter(this.config.benchSqlLog);
    this.dataSource.subscribers.push(counter);
    consumer.apply(counter.middleware).forRoutes('*path');
  }
}
