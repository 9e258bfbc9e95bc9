import { Module } from '@nestjs/common';
import { PublicationModule } from '../publication/publication.module';
import { BundleImporter } from './bundle-importer';
import { ImportCommand } from './import.command';

/** OneRoster CSV bundle import: the importer service and the `import` CLI command. */
@Module({
  imports: [PublicationModule],
  providers: [BundleImporter, ImportCommand],
  exports: [BundleImporter],
})
export class CsvModule {}
