import { Module } from '@nestjs/common';
import { TenantsModule } from '../tenants/tenants.module';
import { BundleImporter } from './bundle-importer';
import { ImportCommand } from './import.command';

/** OneRoster CSV bundle import: the importer service and the `import` CLI command. */
@Module({
  imports: [TenantsModule],
  providers: [BundleImporter, ImportCommand],
  exports: [BundleImporter],
})
export class CsvModule {}
