import { Module } from '@nestjs/common';
import { CsvModule } from '../csv/csv.module';
import { TenantsModule } from '../tenants/tenants.module';
import { UsernamesModule } from '../usernames/usernames.module';
import { AdminGuard } from './admin-auth.guard';
import { AdminClientsController } from './admin-clients.controller';
import { AdminImportsController } from './admin-imports.controller';
import { AdminTenantsController } from './admin-tenants.controller';
import { AdminUsernamesController } from './admin-usernames.controller';

/** The admin API under /admin/v1: admin clients only, the same services as the CLI. */
@Module({
  imports: [CsvModule, TenantsModule, UsernamesModule],
  controllers: [AdminTenantsController, AdminClientsController, AdminImportsController, AdminUsernamesController],
  providers: [AdminGuard],
})
export class AdminModule {}
