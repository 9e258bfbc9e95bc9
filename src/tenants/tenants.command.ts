import { TenantStatusCommand } from '../audit/audit.command';
import { Injectable } from '@nestjs/common';
import { Command, CommandRunner, Option, SubCommand } from 'nest-commander';
import { readFileSync } from 'node:fs';
import { formatGradeMap, GradeMap, GradeMapError, parseGradeMap, parseGradeMapCsv } from '../sds-rules/grade-map';
import { UsageError } from '../usage-error';
import { TenantInput, TenantsService, TenantView } from './tenants.service';

interface TenantOptions extends Omit<TenantInput, 'guardPercent' | 'guardMinimum' | 'gradeMap'> {
  json?: boolean;
  guardPercent?: number | 'default';
  guardMinimum?: number | 'default';
  gradeMap?: GradeMap | 'default';
  gradeMapFile?: GradeMap | 'default';
}

/** The options as the service takes them: `default` (commander has no null) clears a guard threshold. */
function tenantInput({ guardPercent, guardMinimum, gradeMap, gradeMapFile, ...input }: TenantOptions): TenantInput {
  const orDefault = <T>(value?: T | 'default') => (value === 'default' ? null : value);
  if (gradeMapFile !== undefined && gradeMap !== undefined)
    throw new UsageError('give --grade-map or --grade-map-file, not both');
  return {
    ...input,
    guardPercent: orDefault(guardPercent),
    guardMinimum: orDefault(guardMinimum),
    gradeMap: orDefault(gradeMap ?? gradeMapFile),
  };
}

/** A grade map, or `default` (none); its mistakes are the operator's: one line. */
function readGradeMap(read: () => GradeMap | null): GradeMap | 'default' {
  try {
    return read() ?? 'default';
  } catch (error) {
    if (error instanceof GradeMapError) throw new UsageError(error.message);
    throw error;
  }
}

const list = (value: string) =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

/** Every tenants subcommand: the service, and --json. */
@Injectable()
abstract class TenantCommand extends CommandRunner {
  constructor(protected readonly tenants: TenantsService) {
    super();
  }

  @Option({ flags: '--json', description: 'print one JSON document' })
  parseJson() {
    return true;
  }
}

/** Options shared by create and update. */
@Injectable()
abstract class TenantWriteCommand extends TenantCommand {
  @Option({ flags: '--name <name>', description: 'display name of the school board' })
  parseName(value: string) {
    return value;
  }

  @Option({ flags: '--entra-tenant-id <guid>', description: "the board's Microsoft Entra tenant id" })
  parseEntra(value: string) {
    return value;
  }

  @Option({
    flags: '--orgs <refs>',
    description: 'orgs in scope, by sourcedId or identifier, comma-separated; each with its descendants',
  })
  parseOrgs(value: string) {
    return list(value);
  }

  @Option({
    flags: '--exclude-orgs <refs>',
    description: 'orgs (sites) left out of scope; an empty value clears the list',
  })
  parseExclude(value: string) {
    return list(value);
  }

  @Option({ flags: '--all-orgs', description: 'every org is in scope (single-board deployments)' })
  parseAllOrgs() {
    return true;
  }

  @Option({
    flags: '--demographics <on|off>',
    name: 'demographicsEnabled',
    description: 'serve /demographics to this tenant (default on)',
  })
  parseDemographics(value: string) {
    if (!['on', 'off'].includes(value)) throw new UsageError(`--demographics takes on or off, got "${value}"`);
    return value === 'on';
  }

  @Option({
    flags: '--username-format <template>',
    description: 'how usernames are made, e.g. {firstName}.{lastName} (the default) or {firstName:1}{lastName}',
  })
  parseUsernameFormat(value: string) {
    return value;
  }

  @Option({ flags: '--username-max-length <n>', description: 'longest username before @, 8 to 64 (default 64)' })
  parseUsernameMaxLength(value: string) {
    if (!/^\d+$/.test(value)) throw new UsageError(`--username-max-length takes a whole number, got "${value}"`);
    return Number(value);
  }

  @Option({ flags: '--domain <domain>', description: 'domain appended to usernames, e.g. school.be' })
  parseDomain(value: string) {
    return value;
  }

  @Option({ flags: '--staff-domain <domain>', description: 'domain for staff usernames, if not --domain' })
  parseStaffDomain(value: string) {
    return value;
  }

  @Option({ flags: '--student-domain <domain>', description: 'domain for student usernames, if not --domain' })
  parseStudentDomain(value: string) {
    return value;
  }

  @Option({
    flags: '--email <sis|username>',
    name: 'emailSource',
    description: "serve the SIS's email (sis, the default) or the username as email",
  })
  parseEmail(value: string) {
    return value;
  }

  @Option({
    flags: '--class-title-format <template>',
    description:
      'served class title, e.g. "{classTitle} - {schoolName}"; {classCode} {classTitle} {schoolName} {schoolYear} {startYear}; "" serves the SIS title',
  })
  parseClassTitleFormat(value: string) {
    return value;
  }

  @Option({
    flags: '--future-students <include|exclude>',
    description: 'exclude: serve a student enrollment (and a student) from its begin date on (default include)',
  })
  parseFutureStudents(value: string) {
    return value;
  }

  @Option({
    flags: '--time-zone <zone>',
    description: 'IANA time zone of "today" and the switch date (default Europe/Brussels)',
  })
  parseTimeZone(value: string) {
    return value;
  }

  @Option({
    flags: '--school-year-switch <MM-DD>',
    description: 'from this date the next school year is served (default 08-15)',
  })
  parseSchoolYearSwitch(value: string) {
    return value;
  }

  @Option({
    flags: '--guard-percent <n|default>',
    description: "hold an import that retires more than n % of this tenant's active users, classes or enrollments",
  })
  parseGuardPercent(value: string) {
    return guardNumber('--guard-percent', value);
  }

  @Option({
    flags: '--guard-minimum <n|default>',
    description: 'and more than n of them (both default to IMPORT_GUARD_PERCENT and IMPORT_GUARD_MINIMUM)',
  })
  parseGuardMinimum(value: string) {
    return guardNumber('--guard-minimum', value);
  }

  @Option({
    flags: '--grade-map <map|default>',
    description:
      'serve SIS grades as SDS grade levels, e.g. "1=01,2=02,1A=07"; unmapped grades are served as imported and reported; default (or "") removes the map',
  })
  parseGradeMap(value: string) {
    return readGradeMap(() => parseGradeMap(value));
  }

  @Option({
    flags: '--grade-map-file <file>',
    description: 'the grade map as a CSV: SIS grade, SDS grade per line (a header line is allowed)',
  })
  parseGradeMapFile(file: string) {
    let content: string;
    try {
      content = readFileSync(file, 'utf8');
    } catch (error) {
      throw new UsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
    return readGradeMap(() => parseGradeMapCsv(content));
  }
}

/** A whole number, or `default` (the deployment's setting). */
function guardNumber(flag: string, value: string): number | 'default' {
  if (value === 'default') return value;
  if (!/^\d+$/.test(value)) throw new UsageError(`${flag} takes a whole number or default, got "${value}"`);
  return Number(value);
}

@SubCommand({
  name: 'create',
  arguments: '<id>',
  description: 'Create a tenant (school board) with an explicit org scope',
})
export class TenantCreateCommand extends TenantWriteCommand {
  async run([id]: string[], options: TenantOptions): Promise<void> {
    printTenant(await this.tenants.create(id, tenantInput(options)), options.json);
  }
}

@SubCommand({ name: 'update', arguments: '<id>', description: "Change a tenant's name, Entra id, scope or settings" })
export class TenantUpdateCommand extends TenantWriteCommand {
  async run([id]: string[], options: TenantOptions): Promise<void> {
    printTenant(await this.tenants.update(id, tenantInput(options)), options.json);
  }
}

@SubCommand({ name: 'show', arguments: '<id>', description: 'Show a tenant and the size of its resolved scope' })
export class TenantShowCommand extends TenantCommand {
  async run([id]: string[], options: TenantOptions): Promise<void> {
    printTenant(await this.tenants.show(id), options.json);
  }
}

@SubCommand({ name: 'list', description: 'List tenants' })
export class TenantListCommand extends TenantCommand {
  async run(_args: string[], options: TenantOptions): Promise<void> {
    const tenants = await this.tenants.list();
    if (options.json) return void console.log(JSON.stringify(tenants, null, 2));
    if (tenants.length === 0)
      return void console.log(
        'No tenants yet. Create one: npm run cli -- tenants create <id> --name "…" --orgs <sourcedId|identifier>,…',
      );
    console.table(
      tenants.map((t) => ({
        id: t.id,
        name: t.name,
        scope: t.allOrgs ? 'all orgs' : t.orgs.join(','),
        orgs: t.scope.orgs,
        sessions: t.scope.academicSessions,
      })),
    );
  }
}

@SubCommand({ name: 'delete', arguments: '<id>', description: 'Delete a tenant (revoke its clients first)' })
export class TenantDeleteCommand extends TenantCommand {
  async run([id]: string[], options: TenantOptions): Promise<void> {
    await this.tenants.delete(id);
    console.log(options.json ? JSON.stringify({ deleted: id }) : `Deleted tenant ${id}.`);
  }
}

@Command({
  name: 'tenants',
  description: 'Manage tenants (school boards)',
  subCommands: [
    TenantCreateCommand,
    TenantUpdateCommand,
    TenantShowCommand,
    TenantListCommand,
    TenantDeleteCommand,
    TenantStatusCommand,
  ],
})
export class TenantsCommand extends CommandRunner {
  async run(): Promise<void> {
    this.command.help();
  }
}

function printTenant(tenant: TenantView, json?: boolean) {
  if (json) return void console.log(JSON.stringify(tenant, null, 2));
  console.log(`${tenant.id}: ${tenant.name}`);
  console.log(`  Entra tenant id: ${tenant.entraTenantId ?? '(not set)'}`);
  console.log(
    `  scope: ${tenant.allOrgs ? 'all orgs' : tenant.orgs.join(', ')}${tenant.excludeOrgs.length ? ` except ${tenant.excludeOrgs.join(', ')}` : ''}`,
  );
  console.log(
    `  usernames: ${tenant.usernameFormat}, at most ${tenant.usernameMaxLength} characters, @${tenant.domain ?? '(no domain)'}` +
      `${tenant.staffDomain ? `, staff @${tenant.staffDomain}` : ''}${tenant.studentDomain ? `, students @${tenant.studentDomain}` : ''}`,
  );
  console.log(
    `  email: ${tenant.emailSource === 'username' ? 'the username' : 'as in the SIS'}; class titles: ${tenant.classTitleFormat ?? 'as in the SIS'}`,
  );
  console.log(
    `  future students: ${tenant.futureStudents}; school year switches on ${tenant.schoolYearSwitch} (${tenant.timeZone})`,
  );
  const guard = (value: number | null, unit = '') => (value === null ? 'the default' : `${value}${unit}`);
  console.log(
    `  import guard: holds an import retiring more than ${guard(tenant.guardPercent, '%')} and more than ${guard(tenant.guardMinimum)} of its active users, classes or enrollments`,
  );
  console.log(`  grade map: ${tenant.gradeMap ? formatGradeMap(tenant.gradeMap) : '(none: grades as in the SIS)'}`);
  console.log(
    `  resolved: ${tenant.scope.orgs} orgs, ${tenant.scope.academicSessions} academic sessions; demographics ${tenant.demographicsEnabled ? 'on' : 'off'}`,
  );
  if (tenant.unmatched.length)
    console.error(`warning: no imported org has sourcedId or identifier ${tenant.unmatched.join(', ')} (yet)`);
}
