import { DynamicModule } from '@nestjs/common';
import { Logger } from 'pino';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { DatabaseModule, SchemaOnOpen } from './database/database.module';
import { ENTITIES } from './entities';
import { LoggingModule } from './logging/logging.module';

/** What every CLI command starts with: the configuration, the logger and the database. */
export function cliFoundation(config: AppConfig, logger: Logger, schema?: SchemaOnOpen): DynamicModule[] {
  return [
    ConfigModule.forConfig(config),
    LoggingModule.forLogger(logger),
    DatabaseModule.forEntities(ENTITIES, 'cli', schema),
  ];
}
