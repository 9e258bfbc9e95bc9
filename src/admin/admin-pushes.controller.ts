import { HttpCode, Param, Post, Query, Req, Res, UploadedFiles, UseInterceptors } from '@nestjs/common';
import { AnyFilesInterceptor } from '@nestjs/platform-express';
import { ApiAcceptedResponse, ApiBody, ApiConsumes, ApiOperation, ApiQuery } from '@nestjs/swagger';
import type { Response } from 'express';
import { randomUUID } from 'node:crypto';
import { ADMIN_SCOPES } from '../auth/admin-scopes';
import { AppConfig } from '../config/app-config';
import { encodingNamed, TEXT_ENCODINGS } from '../csv-text/text-decoding';
import { checkFeedName } from '../csv/feed-check';
import { ImportUsageError } from '../csv/import-lock';
import { AdminRequest } from './admin-auth.guard';
import { ADMIN_PATH, AdminController, AdminRoute } from './admin-route.decorators';
import { receiveBundle, UploadedCsv } from './bundle-upload';
import { ImportQueue } from './import-queue';

/** What a push answers: the queued import, to follow at GET /admin/v1/imports/{id}. */
interface Queued {
  id: string;
  status: 'queued';
  href: string;
}

/** Bundles pushed by a SIS: streamed to disk, checked, queued, imported in the background one at a time. */
@AdminController('feeds')
export class AdminPushesController {
  constructor(
    private readonly queue: ImportQueue,
    private readonly config: AppConfig,
  ) {}

  @Post(':feed/imports')
  @HttpCode(202)
  @AdminRoute(
    ADMIN_SCOPES.import,
    [400, 'Not a zip, a zip bomb, a file that is no bundle file, or a bad feed name'],
    [413, 'Larger than IMPORT_UPLOAD_MAX_MB'],
    [415, 'Neither application/zip nor multipart/form-data'],
  )
  @UseInterceptors(AnyFilesInterceptor())
  @ApiConsumes('application/zip', 'multipart/form-data')
  @ApiBody({
    schema: { type: 'string', format: 'binary', description: 'The bundle as a zip, or its CSV files as form parts' },
  })
  @ApiQuery({
    name: 'skipInvalid',
    required: false,
    type: Boolean,
    description: 'import the valid rows (as import --skip-invalid)',
  })
  @ApiQuery({ name: 'dryRun', required: false, type: Boolean, description: 'go as far as the diff and change nothing' })
  @ApiQuery({ name: 'encoding', required: false, enum: TEXT_ENCODINGS })
  @ApiOperation({
    summary: "Push a bundle to a feed: 202 with the import's id; it runs when the imports before it are done",
  })
  @ApiAcceptedResponse({ description: 'Queued: follow it at the href' })
  async pushBundle(
    @Param('feed') feed: string,
    @Req() req: AdminRequest,
    @Res({ passthrough: true }) res: Response,
    @UploadedFiles() files: UploadedCsv[] | undefined,
    @Query('skipInvalid') skipInvalid?: string,
    @Query('dryRun') dryRun?: string,
    @Query('encoding') encoding?: string,
  ): Promise<Queued> {
    checkFeedName(feed);
    const textEncoding = encoding === undefined ? undefined : encodingNamed(encoding);
    if (textEncoding === null) throw new ImportUsageError(`encoding takes ${TEXT_ENCODINGS.join(', ')}`);
    const id = randomUUID();
    const limits = { ...this.config.importLimits, maxBytes: this.config.uploads.maxBytes };
    const path = await receiveBundle(req, files, this.queue.folderOf(id), limits);
    await this.queue.enqueue(id, feed, path, req.adminGrant!.clientId, {
      skipInvalid: skipInvalid === 'true',
      dryRun: dryRun === 'true',
      encoding: textEncoding,
    });
    const href = `${ADMIN_PATH}/imports/${id}`;
    res.setHeader('Location', href);
    return { id, status: 'queued', href };
  }
}
