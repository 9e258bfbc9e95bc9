import { applyDecorators, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery } from '@nestjs/swagger';
import { AccessLogQueries, AccessRecord, ReadOfRecord } from '../audit/access-log-queries.service';
import { SyncMonitor, TenantSync } from '../audit/sync-monitor.service';
import { ADMIN_SCOPES } from '../auth/admin-scopes';
import { AdminController, AdminRoute } from './admin-route.decorators';

const NOT_FOUND: [number, string] = [404, 'No such tenant'];
const Period = () =>
  applyDecorators(
    ApiQuery({ name: 'from', required: false, description: 'from this date or time (ISO 8601)' }),
    ApiQuery({ name: 'to', required: false, description: 'until this date or time' }),
  );

/** A tenant's SDS sync monitor and access log: the same services as `tenants status` and `audit export|reads`. */
@AdminController('tenants/:tenantId')
export class AdminAuditController {
  constructor(
    private readonly monitor: SyncMonitor,
    private readonly queries: AccessLogQueries,
  ) {}

  @Get('sync')
  @AdminRoute(ADMIN_SCOPES.read, NOT_FOUND)
  @ApiOperation({ summary: 'SDS sync monitor: runs, last complete full sweep, last delta, errors, warning' })
  @ApiOkResponse({ description: "The tenant's sync status" })
  tenantSync(@Param('tenantId') tenantId: string): Promise<TenantSync> {
    return this.monitor.status(tenantId);
  }

  @Get('access-log')
  @AdminRoute(ADMIN_SCOPES.read, [400, 'from or to is not a date'])
  @Period()
  @ApiOperation({
    summary: "The tenant's access log in a period: every rostering request, and admin requests naming it",
  })
  @ApiOkResponse({ description: 'The requests, oldest first' })
  tenantAccessLog(
    @Param('tenantId') tenantId: string,
    @Query('from') from?: string,
    @Query('to') to?: string,
  ): Promise<AccessRecord[]> {
    return this.queries.export(tenantId, { from, to });
  }

  @Get('access-log/reads/:sourcedId')
  @AdminRoute(ADMIN_SCOPES.read, [400, 'from or to is not a date'])
  @Period()
  @ApiOperation({ summary: 'Which clients were served the record with this sourcedId (a pupil), and when' })
  @ApiOkResponse({ description: 'The requests that served it, oldest first' })
  readsOf(
    @Param('tenantId') tenantId: string,
    @Param('sourcedId') sourcedId: string,
    @Query('from') from?: string,
    @Query('to') to?: string,
  ): Promise<ReadOfRecord[]> {
    return this.queries.readsOf(tenantId, sourcedId, { from, to });
  }
}
