import { stringify } from 'csv-stringify/sync';
import { Command, CommandRunner, Option, SubCommand } from 'nest-commander';
import { UsageError } from '../usage-error';
import { AccessLogQueries } from './access-log-queries.service';
import { SyncMonitor, TenantSync } from './sync-monitor.service';

interface AuditOptions {
  tenant?: string;
  from?: string;
  to?: string;
  json?: boolean;
}

abstract class AuditSubcommand extends CommandRunner {
  @Option({ flags: '--tenant <id>', description: 'the tenant' })
  parseTenant(value: string) {
    return value;
  }

  @Option({ flags: '--from <date>', description: 'from this date or time (ISO 8601, e.g. 2025-09-01)' })
  parseFrom(value: string) {
    return value;
  }

  @Option({ flags: '--to <date>', description: 'until this date or time' })
  parseTo(value: string) {
    return value;
  }

  @Option({ flags: '--json', description: 'print one JSON document' })
  parseJson() {
    return true;
  }

  protected tenantOf(options: AuditOptions): string {
    if (!options.tenant) throw new UsageError('--tenant <id> is required');
    return options.tenant;
  }
}

@SubCommand({ name: 'export', description: "The tenant's access log in a period, as CSV (or --json)" })
export class AuditExportCommand extends AuditSubcommand {
  constructor(private readonly queries: AccessLogQueries) {
    super();
  }

  async run(_args: string[], options: AuditOptions): Promise<void> {
    const rows = await this.queries.export(this.tenantOf(options), options);
    if (options.json) return void console.log(JSON.stringify(rows, null, 2));
    process.stdout.write(stringify(rows, { header: true }));
  }
}

@SubCommand({
  name: 'reads',
  arguments: '<sourcedId>',
  description: 'Which clients were served the record with this sourcedId (a pupil), and when',
})
export class AuditReadsCommand extends AuditSubcommand {
  constructor(private readonly queries: AccessLogQueries) {
    super();
  }

  async run([sourcedId]: string[], options: AuditOptions): Promise<void> {
    const reads = await this.queries.readsOf(this.tenantOf(options), sourcedId, options);
    if (options.json) return void console.log(JSON.stringify(reads, null, 2));
    if (reads.length === 0) return void console.log(`No client was served ${sourcedId} in the period logged.`);
    console.table(reads);
  }
}

@Command({
  name: 'audit',
  description: 'The access log (GDPR): export a period, or who read one record',
  subCommands: [AuditExportCommand, AuditReadsCommand],
})
export class AuditCommand extends CommandRunner {
  async run(): Promise<void> {
    this.command.help();
  }
}

@SubCommand({
  name: 'status',
  description: "SDS sync monitor: each tenant's last complete full sweep, last delta, errors, and a warning",
})
export class TenantStatusCommand extends CommandRunner {
  constructor(private readonly monitor: SyncMonitor) {
    super();
  }

  async run(_args: string[], options: AuditOptions): Promise<void> {
    const statuses = options.tenant ? [await this.monitor.status(options.tenant)] : await this.monitor.statusOfAll();
    if (options.json) return void console.log(JSON.stringify(statuses, null, 2));
    for (const status of statuses) printStatus(status);
  }

  @Option({ flags: '--tenant <id>', description: 'only this tenant' })
  parseTenant(value: string) {
    return value;
  }

  @Option({ flags: '--json', description: 'print one JSON document' })
  parseJson() {
    return true;
  }
}

function printStatus(status: TenantSync) {
  const full = status.lastCompleteFullSweep;
  const delta = status.lastDelta;
  console.log(`tenant ${status.tenantId}`);
  console.log(`  last complete full sweep: ${full ? `${full.endedAt} by ${full.clientId}` : 'none'}`);
  console.log(
    `  last delta: ${delta ? `${delta.endedAt} by ${delta.clientId}${delta.complete ? '' : ' (incomplete)'}` : 'none'}`,
  );
  const errors = Object.entries(status.errorsByStatus).map(([code, count]) => `${code}: ${count}`);
  if (errors.length) console.log(`  errors in the last 26 h: ${errors.join(', ')}`);
  if (status.warning) console.log(`  WARNING: ${status.warning}`);
}
