import { Controller, Get, Header, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { PINO_LOGGER } from '../logging/logging.module';

/** The body of both probes: `ok`, or `unavailable` with the reason the instance cannot serve. */
export class HealthDto {
  @ApiProperty({ enum: ['ok', 'unavailable'], example: 'ok' })
  status!: 'ok' | 'unavailable';

  @ApiProperty({
    required: false,
    description: 'Why the instance is not ready (readiness only)',
    example: 'database migrations are pending',
  })
  reason?: string;
}

/**
 * Probes for orchestrators and load balancers, without authentication: liveness says the process
 * answers HTTP; readiness says the database answers and its schema is fully migrated.
 */
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(PINO_LOGGER) private readonly logger: Logger,
  ) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Liveness: the process answers HTTP' })
  @ApiOkResponse({ type: HealthDto, description: 'The process is up' })
  liveness(): HealthDto {
    return { status: 'ok' };
  }

  @Get('ready')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Readiness: the database answers and no migration is pending' })
  @ApiOkResponse({ type: HealthDto, description: 'Ready to serve' })
  @ApiServiceUnavailableResponse({ type: HealthDto, description: 'Not ready; `reason` says why' })
  async readiness(@Res({ passthrough: true }) res: Response): Promise<HealthDto> {
    const reason = await this.notReadyBecause();
    if (reason === undefined) return { status: 'ok' };
    res.status(503);
    return { status: 'unavailable', reason };
  }

  /**
   * showMigrations() reads the migrations table through TypeORM (no raw SQL), so one call proves
   * the database answers and tells whether the schema is behind the code.
   */
  private async notReadyBecause(): Promise<string | undefined> {
    if (!this.dataSource.isInitialized) return 'the database connection is not initialised';
    try {
      return (await this.dataSource.showMigrations()) ? 'database migrations are pending' : undefined;
    } catch (error) {
      // The driver's message can name hosts and users: it goes to the log, not to anonymous callers.
      this.logger.warn({ err: error }, 'readiness probe: database query failed');
      return 'the database query failed';
    }
  }
}
