import { DynamicModule, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { dataSourceOptions, EntityClasses } from './data-source';
import { StatementCounter } from './statement-counter';

/** The application's one DataSource, migrated on start (no synchronize anywhere). */
@Module({})
export class DatabaseModule implements NestModule {
  static forEntities(entities: EntityClasses): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [AppConfig],
          useFactory: (config: AppConfig) => ({
            ...dataSourceOptions(config.database, entities),
            migrationsRun: true,
            migrationsTransactionMode: 'all' as const,
          }),
        }),
      ],
    };
  }

  constructor(
    private readonly config: AppConfig,
    private readonly dataSource: DataSource,
  ) {}

  /** Benchmarks only: BENCH_SQL_LOG switches on the per-request statement counter. */
  configure(consumer: MiddlewareConsumer): void {
    if (!this.config.benchSqlLog) return;
    const counter = new StatementCounter(this.config.benchSqlLog);
    this.dataSource.subscribers.push(counter);
    consumer.apply(counter.middleware).forRoutes('*path');
  }
}
