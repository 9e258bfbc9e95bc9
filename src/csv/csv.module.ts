import { Module } from '@nestjs/common';
import { PublicationModule } from '../publication/publication.module';
import { BundleImporter } from './bundle-importer';
import { FeedListCommand, FeedsCommand } from './feeds.command';
import { FeedsService } from './feeds.service';
import { ImportCommand } from './import.command';

/** OneRoster CSV bundle import: the importer and feeds services, and the `import` and `feeds` CLI commands. */
@Module({
  imports: [PublicationModule],
  providers: [BundleImporter, FeedsService, ImportCommand, FeedsCommand, FeedListCommand],
  exports: [BundleImporter, FeedsService],
})
export class CsvModule {}
