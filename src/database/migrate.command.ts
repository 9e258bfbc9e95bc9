import { InjectDataSource } from '@nestjs/typeorm';
import { Command, CommandRunner, Option } from 'nest-commander';
import { DataSource } from 'typeorm';
import { migrate } from './migrator';

@Command({
  name: 'migrate',
  description:
    'Bring the database schema up to date, once per deploy (one process at a time: a second one waits, then finds nothing to do)',
})
export class MigrateCommand extends CommandRunner {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
  }

  @Option({ flags: '--json', description: 'print one JSON document' })
  parseJson() {
    return true;
  }

  async run(_args: string[], options: { json?: boolean }): Promise<void> {
    const ran = await migrate(this.dataSource);
    if (options.json) return void console.log(JSON.stringify({ ran }));
    console.log(ran.length ? `Ran ${ran.length} migration(s): ${ran.join(', ')}.` : 'The schema is up to date.');
  }
}
