import { applyDecorators, Get, Header, HttpCode, Param, Post, Put, Query, Req } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiProduces, ApiQuery } from '@nestjs/swagger';
import type { Request } from 'express';
import { ADMIN_SCOPES } from '../auth/admin-scopes';
import { ReservationReport } from '../usernames/entra-reservations.service';
import { UsernameChange, UsernameChangesService } from '../usernames/username-changes.service';
import { CorrectionReport, UsernameReviewService } from '../usernames/username-review.service';
import { AdminController, AdminRoute } from './admin-route.decorators';
import { AdminWriters } from './admin-writers';
import { readCsvBody } from './request-body';

const NOT_FOUND: [number, string] = [404, 'No such tenant'];
const ApplyCsv = () =>
  applyDecorators(ApiConsumes('text/csv'), ApiBody({ schema: { type: 'string', format: 'binary' } }));

/** A tenant's usernames: the same services as `usernames export|import|reserve|changes`. */
@AdminController('tenants/:tenantId/usernames')
export class AdminUsernamesController {
  constructor(
    private readonly review: UsernameReviewService,
    private readonly changes: UsernameChangesService,
    private readonly writers: AdminWriters,
  ) {}

  @Get('review')
  @AdminRoute(ADMIN_SCOPES.read, NOT_FOUND)
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @ApiProduces('text/csv')
  @ApiOperation({ summary: "The review CSV: every person's username, for the school to check and correct" })
  @ApiOkResponse({ description: 'The review file', schema: { type: 'string' } })
  downloadReview(@Param('tenantId') tenantId: string): Promise<string> {
    return this.review.export(tenantId);
  }

  @Put('review')
  @AdminRoute(ADMIN_SCOPES.write, NOT_FOUND, [400, 'The file cannot be applied: every problem with its line'])
  @ApplyCsv()
  @ApiQuery({
    name: 'clearEmpty',
    required: false,
    type: Boolean,
    description: 'an empty correction clears an earlier one',
  })
  @ApiOperation({ summary: 'Apply a returned review file, all or nothing' })
  @ApiOkResponse({ description: 'What was corrected, cleared and regenerated' })
  async uploadReview(
    @Param('tenantId') tenantId: string,
    @Req() req: Request,
    @Query('clearEmpty') clearEmpty?: string,
  ): Promise<CorrectionReport> {
    const file = await readCsvBody(req);
    return this.writers.run(({ review }) => review.import(tenantId, file, { clearEmpty: clearEmpty === 'true' }));
  }

  @Put('reservations')
  @AdminRoute(ADMIN_SCOPES.write, NOT_FOUND, [400, 'Not an Entra users export'])
  @ApplyCsv()
  @ApiOperation({ summary: "Reserve the names of the board's existing Entra accounts (the Entra users export CSV)" })
  @ApiOkResponse({ description: 'What was reserved' })
  async uploadReservations(@Param('tenantId') tenantId: string, @Req() req: Request): Promise<ReservationReport> {
    const file = await readCsvBody(req);
    return this.writers.run(({ reservations }) => reservations.reserve(tenantId, file));
  }

  @Get('changes')
  @AdminRoute(ADMIN_SCOPES.read, NOT_FOUND)
  @ApiOperation({ summary: 'Who would get another username because their name changed' })
  @ApiOkResponse({ description: 'The planned renames' })
  async planChanges(@Param('tenantId') tenantId: string): Promise<UsernameChange[]> {
    return (await this.changes.plan(tenantId)).filter((change) => change.before !== change.after);
  }

  @Post('changes')
  @HttpCode(200)
  @AdminRoute(ADMIN_SCOPES.write, NOT_FOUND)
  @ApiOperation({ summary: 'Rename the people whose name changed' })
  @ApiOkResponse({ description: 'The renames applied' })
  applyChanges(@Param('tenantId') tenantId: string): Promise<UsernameChange[]> {
    return this.writers.run(({ changes }) => changes.apply(tenantId));
  }
}
