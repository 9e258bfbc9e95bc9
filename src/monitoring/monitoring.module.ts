import { Get, Header, Inject, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApiOkResponse, ApiOperation, ApiProduces } from '@nestjs/swagger';
import { createServer, Server } from 'node:http';
import { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { AdminController, AdminRoute } from '../admin/admin-route.decorators';
import { AdminModule } from '../admin/admin.module';
import { AuditQueriesModule } from '../audit/audit.module';
import { SyncMonitor } from '../audit/sync-monitor.service';
import { ADMIN_SCOPES } from '../auth/admin-scopes';
import { AppConfig } from '../config/app-config';
import { PINO_LOGGER } from '../logging/logging.module';
import { Metrics } from '../metrics/metrics';
import { registerScrapedGauges } from './scraped-gauges';

/** GET /metrics on the API port, for an admin token with admin.read. */
@AdminController('metrics', '')
export class MetricsController {
  constructor(private readonly metrics: Metrics) {}

  @Get()
  @AdminRoute(ADMIN_SCOPES.read)
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  @ApiProduces('text/plain')
  @ApiOperation({ summary: 'Prometheus metrics (or without a token on METRICS_PORT)' })
  @ApiOkResponse({ description: 'Prometheus text format', schema: { type: 'string' } })
  prometheus(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}

/** Prometheus metrics: the gauges read at scrape time, /metrics behind admin auth, and METRICS_PORT's own listener. */
@Module({ imports: [AdminModule, AuditQueriesModule], controllers: [MetricsController] })
export class MonitoringModule implements OnApplicationBootstrap, OnApplicationShutdown {
  private server?: Server;

  constructor(
    private readonly metrics: Metrics,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly monitor: SyncMonitor,
    private readonly config: AppConfig,
    @Inject(PINO_LOGGER) private readonly logger: Logger,
  ) {
    registerScrapedGauges(metrics, dataSource, monitor);
  }

  onApplicationBootstrap() {
    if (this.config.metricsPort === undefined) return;
    this.server = createServer((req, res) => {
      if (req.method !== 'GET' || req.url?.split('?')[0] !== '/metrics') return void res.writeHead(404).end();
      this.metrics.registry.metrics().then(
        (text) => res.writeHead(200, { 'Content-Type': this.metrics.registry.contentType }).end(text),
        (error: unknown) => {
          this.logger.error({ err: error }, 'metrics scrape failed');
          res.writeHead(500).end();
        },
      );
    });
    this.server.listen(this.config.metricsPort);
  }

  async onApplicationShutdown() {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
