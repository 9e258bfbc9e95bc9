import { DynamicModule, Module } from '@nestjs/common';
import { CsvModule } from '../csv/csv.module';
import { TenantsModule } from '../tenants/tenants.module';
import { DemoDataLoader } from './demo-data.loader';
import { DemoCommand, DemoGenerateCommand } from './demo.command';

/** Demo data: the board generator's CLI command, and (in the HTTP app) the loader for an empty database. */
@Module({
  imports: [CsvModule, TenantsModule],
  providers: [DemoCommand, DemoGenerateCommand],
})
export class DemoModule {
  /** The HTTP app's variant: also loads the demo board into an empty database on start. */
  static forApp(): DynamicModule {
    return { module: DemoModule, providers: [DemoDataLoader] };
  }
}
