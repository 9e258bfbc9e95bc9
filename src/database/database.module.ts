import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { dataSourceOptions } from './data-source';
import { StatementCounter } from './statement-counter';

/** The application's one DataSource, migrated on start (no synchronize anywhere). */
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        ...dataSourceOptions(config.database),
        migrationsRun: true,
        migrationsTransactionMode: 'all' as const,
      }),
    }),
  ],
})
export class DatabaseModule implements NestModule {
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
