import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { join } from 'node:path';
import { AuditQueriesModule } from '../audit/audit.module';
import { AppConfig } from '../config/app-config';
import { AdminAuditController } from './admin-audit.controller';
import { AdminPushesController } from './admin-pushes.controller';
import { AdminWriters } from './admin-writers';
import { ImportQueue } from './import-queue';
import { lazyDiskStorage } from './upload-storage';
import { CsvModule } from '../csv/csv.module';
import { TenantsModule } from '../tenants/tenants.module';
import { UsernamesModule } from '../usernames/usernames.module';
import { AdminGuard } from './admin-auth.guard';
import { AdminClientsController } from './admin-clients.controller';
import { AdminImportsController } from './admin-imports.controller';
import { AdminTenantsController } from './admin-tenants.controller';
import { AdminUsernamesController } from './admin-usernames.controller';

/** A bundle has the manifest and at most seven data files; a few more leave room for a SIS's extras. */
const MAX_PUSHED_FILES = 20;

/** The admin API under /admin/v1: admin clients only, the same services as the CLI. */
@Module({
  imports: [
    CsvModule,
    TenantsModule,
    UsernamesModule,
    AuditQueriesModule,
    // Multipart pushes: each CSV file streamed to disk as it arrives, none over the cap.
    MulterModule.registerAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        storage: lazyDiskStorage(join(config.uploads.dir, 'incoming')),
        limits: { fileSize: config.uploads.maxBytes, files: MAX_PUSHED_FILES, fields: 0 },
      }),
    }),
  ],
  controllers: [
    AdminTenantsController,
    AdminAuditController,
    AdminClientsController,
    AdminImportsController,
    AdminPushesController,
    AdminUsernamesController,
  ],
  providers: [AdminGuard, AdminWriters, ImportQueue],
})
export class AdminModule {}
