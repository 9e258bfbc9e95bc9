import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AcademicSessionsService } from '../academic-sessions/academic-sessions.service';
import { ClassesService } from '../classes/classes.service';
import { AppConfig } from '../config/app-config';
import { EnrollmentsService } from '../enrollments/enrollments.service';
import { GuidRefs } from '../oneroster/guid-ref';
import { ONEROSTER_PATH, ScopedRosterContext } from '../oneroster/http/roster-context';
import { OrgsService } from '../orgs/orgs.service';
import { RuleCollection, ServedRecord } from '../sds-rules/rule-kit';
import { breachesOf } from '../sds-rules/sds-rules';
import { findTenant } from '../tenancy/find-tenant';
import { TenantEntity } from '../tenancy/tenant.entity';
import { UsersService } from '../users/users.service';
import { HealthReport, ReportLine, reportLine, schoolTotals } from './health-report';

/** Read as SDS reads a full sync: active records, page by page (never a whole table in memory). */
const PAGE = 1000;
const ACTIVE = "status='active'";
const REPORT_CLIENT = 'data-health-report';
const BOARD = '(whole board)';

type Reader = {
  list(
    ctx: ScopedRosterContext,
    query: { limit: number; offset: number; filter: string; orderBy: 'asc' },
  ): Promise<{
    records: object[];
  }>;
};

/**
 * The data-health report: what a tenant is served, read through the same readers as the API (usernames, class titles,
 * grade map, calendar rules applied), checked against SDS's rules (src/sds-rules).
 */
@Injectable()
export class HealthReportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly orgs: OrgsService,
    private readonly sessions: AcademicSessionsService,
    private readonly users: UsersService,
    private readonly classes: ClassesService,
    private readonly enrollments: EnrollmentsService,
  ) {}

  async report(tenantId: string, now = new Date()): Promise<HealthReport> {
    const tenant = await findTenant(this.dataSource, tenantId);
    const readers: [RuleCollection, Reader][] = [
      ['orgs', this.orgs],
      ['academicSessions', this.sessions],
      ['users', this.users],
      ['classes', this.classes],
      ['enrollments', this.enrollments],
    ];
    const schools = new Map<string, string>();
    const lines: ReportLine[] = [];
    const checked = {} as HealthReport['checked'];
    for (const [collection, reader] of readers) {
      checked[collection] = 0;
      for await (const records of this.pages(reader, tenant, now)) {
        checked[collection] += records.length;
        for (const record of records) {
          if (collection === 'orgs') schools.set(String(record.sourcedId), String(record.name ?? record.sourcedId));
          const school = schoolOf(collection, record, schools);
          for (const breach of breachesOf(collection, record))
            lines.push(reportLine(collection, String(record.sourcedId ?? ''), school, breach));
        }
      }
    }
    const count = (severity: string) => lines.filter((line) => line.severity === severity).length;
    return {
      tenant: tenantId,
      generatedAt: now.toISOString(),
      checked,
      totals: { errors: count('error'), warnings: count('warning') },
      schools: schoolTotals(lines),
      lines,
    };
  }

  /** Pages of active records as served; a fresh context per page, so references are not kept between pages. */
  private async *pages(reader: Reader, tenant: TenantEntity, now: Date): AsyncGenerator<ServedRecord[]> {
    const origin = this.config.publicBaseUrl ?? 'http://localhost';
    const baseUrl = `${origin}${ONEROSTER_PATH}`;
    for (let offset = 0; ; offset += PAGE) {
      const ctx = {
        origin,
        baseUrl,
        refs: new GuidRefs(baseUrl),
        tenantId: tenant.id,
        tenant,
        now,
        clientId: REPORT_CLIENT,
      };
      const { records } = await reader.list(ctx, { limit: PAGE, offset, filter: ACTIVE, orderBy: 'asc' });
      if (records.length > 0) yield records as ServedRecord[];
      if (records.length < PAGE) return;
    }
  }
}

/** The school a record belongs to, by name: a user's first org, a class's or enrollment's school, an org itself. */
function schoolOf(collection: RuleCollection, record: ServedRecord, schools: Map<string, string>): string {
  const ref = (value: unknown) => (value as ServedRecord | undefined)?.sourcedId as string | undefined;
  const id =
    collection === 'orgs'
      ? (record.sourcedId as string)
      : collection === 'users'
        ? ref((record.orgs as unknown[] | undefined)?.[0])
        : collection === 'academicSessions'
          ? undefined
          : ref(record.school);
  return id ? (schools.get(id) ?? id) : BOARD;
}
