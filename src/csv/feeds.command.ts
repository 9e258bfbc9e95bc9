import { Command, CommandRunner, Option, SubCommand } from 'nest-commander';
import { FeedsService } from './feeds.service';

interface FeedsOptions {
  json?: boolean;
}

@SubCommand({ name: 'list', description: 'Every feed with its active records and its last import' })
export class FeedListCommand extends CommandRunner {
  constructor(private readonly feeds: FeedsService) {
    super();
  }

  async run(_args: string[], options: FeedsOptions): Promise<void> {
    const feeds = await this.feeds.list();
    if (options.json) return void console.log(JSON.stringify(feeds, null, 2));
    if (feeds.length === 0) return void console.log('No feeds yet: npm run cli -- import <bundle> [--feed <name>]');
    console.table(
      feeds.map((feed) => ({
        feed: feed.feed,
        orgs: feed.active.orgs ?? 0,
        users: feed.active.users ?? 0,
        classes: feed.active.classes ?? 0,
        enrollments: feed.active.enrollments ?? 0,
        'last import': feed.lastImport ? `${feed.lastImport.state} ${feed.lastImport.startedAt}` : '',
      })),
    );
  }

  @Option({ flags: '--json', description: 'print one JSON document' })
  parseJson() {
    return true;
  }
}

@Command({
  name: 'feeds',
  description: 'Feeds: the SIS exports this deployment imports',
  subCommands: [FeedListCommand],
})
export class FeedsCommand extends CommandRunner {
  async run(): Promise<void> {
    this.command.help();
  }
}
