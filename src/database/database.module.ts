import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../config/app-config';
import { dataSourceOptions } from './data-source';

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
export class DatabaseModule {}
