import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { AccessLogMiddleware } from './access-log.middleware';
import { AccessLogQueries } from './access-log-queries.service';
import { AccessLog } from './access-log.service';
import { SyncMonitor } from './sync-monitor.service';

/** The access log's queries and the sync monitor, for the CLI and the admin API. */
@Module({
  providers: [AccessLogQueries, SyncMonitor],
  exports: [AccessLogQueries, SyncMonitor],
})
export class AuditQueriesModule {}

/** The server's access log: what every rostering and admin request read or did, written in batches. */
@Module({
  imports: [AuditQueriesModule],
  providers: [AccessLog],
  exports: [AccessLog, AuditQueriesModule],
})
export class AuditModule implements NestModule {
  configure(consumer: MiddlewareConsumer) {
    consumer.apply(AccessLogMiddleware).forRoutes('ims/oneroster/v1p1/*path', 'admin/v1/*path');
  }
}
