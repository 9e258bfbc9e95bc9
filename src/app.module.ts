import { DynamicModule, Module } from '@nestjs/common';
import { Logger } from 'pino';
import { AdminModule } from './admin/admin.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { MetricsModule } from './metrics/metrics.module';
import { MonitoringModule } from './monitoring/monitoring.module';
import { Clock } from './config/clock';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { CsvModule } from './csv/csv.module';
import { DatabaseModule } from './database/database.module';
import { ENTITIES } from './entities';
import { DemoModule } from './demo/demo.module';
import { HealthModule } from './health/health.module';
import { LoggingModule } from './logging/logging.module';
import { RESOURCE_MODULES } from './resource-modules';
import { TenantsModule } from './tenants/tenants.module';
import { UsernamesModule } from './usernames/usernames.module';

@Module({})
export class AppModule {
  static forConfig(config: AppConfig, logger: Logger, clock?: Clock): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forConfig(config, clock),
        LoggingModule.forLogger(logger),
        MetricsModule,
        DatabaseModule.forEntities(ENTITIES, 'server'),
        AuthModule,
        AdminModule,
        AuditModule,
        MonitoringModule,
        CsvModule,
        DemoModule.forApp(),
        HealthModule,
        TenantsModule,
        UsernamesModule,
        ...RESOURCE_MODULES,
      ],
    };
  }
}
