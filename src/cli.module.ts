import { DynamicModule, Module } from '@nestjs/common';
import { Logger } from 'pino';
import { AppConfig } from './config/app-config';
import { cliFoundation } from './cli-foundation';
import { CsvModule } from './csv/csv.module';
import { MigrateCommand } from './database/migrate.command';
import { DemoModule } from './demo/demo.module';
import { ClientsModule } from './auth/clients.module';
import { CheckCommand } from './check/check.command';
import { ReportCommand } from './report/report.command';
import { ReportModule } from './report/report.module';
import { AuditCommand, AuditExportCommand, AuditReadsCommand, TenantStatusCommand } from './audit/audit.command';
import { AuditQueriesModule } from './audit/audit.module';
import {
  ClientCreateCommand,
  ClientListCommand,
  ClientRevokeCommand,
  ClientRotateCommand,
  ClientsCommand,
} from './auth/clients.command';
import {
  TenantCreateCommand,
  TenantDeleteCommand,
  TenantListCommand,
  TenantsCommand,
  TenantShowCommand,
  TenantUpdateCommand,
} from './tenants/tenants.command';
import { TenantsModule } from './tenants/tenants.module';
import { USERNAME_COMMANDS } from './usernames/usernames.command';
import { UsernamesModule } from './usernames/usernames.module';

const TENANT_COMMANDS = [
  TenantsCommand,
  TenantStatusCommand,
  TenantCreateCommand,
  TenantUpdateCommand,
  TenantShowCommand,
  TenantListCommand,
  TenantDeleteCommand,
];
const CLIENT_COMMANDS = [
  ClientsCommand,
  ClientCreateCommand,
  ClientListCommand,
  ClientRevokeCommand,
  ClientRotateCommand,
];

/** The admin CLI (`npm run cli -- <command>`): the same modules as the app, without HTTP. */
@Module({})
export class CliModule {
  static forConfig(config: AppConfig, logger: Logger): DynamicModule {
    return {
      module: CliModule,
      imports: [
        ...cliFoundation(config, logger),
        CsvModule,
        DemoModule,
        TenantsModule,
        ClientsModule,
        UsernamesModule,
        ReportModule,
        AuditQueriesModule,
      ],
      providers: [
        ...TENANT_COMMANDS,
        ...CLIENT_COMMANDS,
        ...USERNAME_COMMANDS,
        CheckCommand,
        ReportCommand,
        AuditCommand,
        AuditExportCommand,
        AuditReadsCommand,
      ],
    };
  }

  /** `migrate` alone: the database opened without touching its schema, and nothing that reads it at start. */
  static forMigrate(config: AppConfig, logger: Logger): DynamicModule {
    return {
      module: CliModule,
      imports: cliFoundation(config, logger, 'leave'),
      providers: [MigrateCommand],
    };
  }
}
