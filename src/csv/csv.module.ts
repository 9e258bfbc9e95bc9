import { Module } from '@nestjs/common';
import { PublicationModule } from '../publication/publication.module';
import { BundleImporter } from './bundle-importer';
import { FeedListCommand, FeedsCommand } from './feeds.command';
import { FeedsService } from './feeds.service';
import { ImportsCommand, IMPORTS_SUBCOMMANDS } from './imports.command';
import { ImportsService } from './imports.service';
import { ImportCommand } from './import.command';

/** OneRoster CSV bundle import: the importer and feeds services, and the `import`, `imports` and `feeds` CLI commands. */
@Module({
  imports: [PublicationModule],
  providers: [
    BundleImporter,
    FeedsService,
    ImportsService,
    ImportCommand,
    FeedsCommand,
    FeedListCommand,
    ImportsCommand,
    ...IMPORTS_SUBCOMMANDS,
  ],
  exports: [BundleImporter, FeedsService, ImportsService],
})
export class CsvModule {}
