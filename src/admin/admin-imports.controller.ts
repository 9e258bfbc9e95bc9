import { Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { ADMIN_SCOPES } from '../auth/admin-scopes';
import { FeedsService, FeedView } from '../csv/feeds.service';
import { ImportReport } from '../csv/import-report';
import { ImportsService, ImportView } from '../csv/imports.service';
import { AdminController, AdminRoute } from './admin-route.decorators';
import { ImportQueue } from './import-queue';

const NOT_FOUND: [number, string] = [404, 'No such import'];
const NOT_HELD: [number, string] = [409, 'The import is not held, or another import runs or was published since'];

/** Feeds and imports: the same services as `feeds list` and `imports list|show|approve|discard`. */
@AdminController('')
export class AdminImportsController {
  constructor(
    private readonly feeds: FeedsService,
    private readonly imports: ImportsService,
    private readonly queue: ImportQueue,
  ) {}

  @Get('feeds')
  @AdminRoute(ADMIN_SCOPES.read)
  @ApiOperation({ summary: 'Every feed: its active records per file and its last import' })
  @ApiOkResponse({ description: 'The feeds' })
  listFeeds(): Promise<FeedView[]> {
    return this.feeds.list();
  }

  @Get('imports')
  @AdminRoute(ADMIN_SCOPES.read)
  @ApiOperation({ summary: 'The last 100 imports, newest first' })
  @ApiOkResponse({ description: 'The imports' })
  listImports(): Promise<ImportView[]> {
    return this.imports.list();
  }

  @Get('imports/:importId')
  @AdminRoute([ADMIN_SCOPES.read, ADMIN_SCOPES.import], NOT_FOUND)
  @ApiOperation({ summary: 'One import: state, counts per file, the diff, rejected rows, timings' })
  @ApiOkResponse({ description: 'The import' })
  showImport(@Param('importId') id: string): Promise<ImportView> {
    return this.imports.show(id);
  }

  @Post('imports/:importId/approve')
  @HttpCode(200)
  @AdminRoute(ADMIN_SCOPES.write, NOT_FOUND, NOT_HELD)
  @ApiOperation({ summary: 'Publish a held import exactly as its diff showed' })
  @ApiOkResponse({ description: 'The import report' })
  approveImport(@Param('importId') id: string): Promise<ImportReport> {
    return this.queue.approve(id);
  }

  @Post('imports/:importId/discard')
  @HttpCode(200)
  @AdminRoute(ADMIN_SCOPES.write, NOT_FOUND, NOT_HELD)
  @ApiOperation({ summary: 'Drop a held or queued import: nothing of it is published' })
  @ApiOkResponse({ description: 'Discarded' })
  async discardImport(@Param('importId') id: string): Promise<{ discarded: string }> {
    await this.queue.discard(id);
    return { discarded: id };
  }
}
