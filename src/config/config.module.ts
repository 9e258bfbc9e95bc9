import { Global, Module } from '@nestjs/common';
import { Clock, SystemClock } from './clock';
import { AppConfig } from './app-config';

/** Provides the AppConfig built (and validated) by createApp or the CLI before Nest starts, and the clock. */
@Global()
@Module({})
export class ConfigModule {
  static forConfig(config: AppConfig, clock: Clock = new SystemClock()) {
    return {
      module: ConfigModule,
      providers: [
        { provide: AppConfig, useValue: config },
        { provide: Clock, useValue: clock },
      ],
      exports: [AppConfig, Clock],
    };
  }
}
