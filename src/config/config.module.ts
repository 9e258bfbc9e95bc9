import { Global, Module } from '@nestjs/common';
import { AppConfig } from './app-config';

/** Provides the AppConfig built (and validated) by createApp or the CLI before Nest starts. */
@Global()
@Module({})
export class ConfigModule {
  static forConfig(config: AppConfig) {
    return {
      module: ConfigModule,
      providers: [{ provide: AppConfig, useValue: config }],
      exports: [AppConfig],
    };
  }
}
