import { Global, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { OneRosterExceptionFilter } from './errors/oneroster-exception.filter';
import { FieldsPipe, ListQueryPipe } from './http/list-query.pipe';
import { OneRosterResponseInterceptor } from './http/oneroster-response.interceptor';
import { LIST_PAGE_GATE, PageGateInterceptor } from './http/page-gate.interceptor';
import { PageGate } from './http/page-gate';
import { ReadAhead } from './http/read-ahead';
import { RequestTextPipe } from './http/request-text.pipe';
import { ONEROSTER_PATH, RosterContextMiddleware } from './http/roster-context';
import { ListQueryService } from './query/list-query.service';
import { PageCache } from './query/page-cache';

/** The shared OneRoster mechanics every resource module uses: list engine, errors, envelope, refused characters. */
@Global()
@Module({
  providers: [
    ListQueryService,
    PageCache,
    ListQueryPipe,
    FieldsPipe,
    OneRosterResponseInterceptor,
    LIST_PAGE_GATE,
    PageGateInterceptor,
    ReadAhead,
    { provide: APP_FILTER, useClass: OneRosterExceptionFilter },
    { provide: APP_PIPE, useClass: RequestTextPipe },
  ],
  exports: [
    ListQueryService,
    ListQueryPipe,
    FieldsPipe,
    OneRosterResponseInterceptor,
    PageGate,
    PageGateInterceptor,
    ReadAhead,
  ],
})
export class OneRosterModule implements NestModule {
  configure(consumer: MiddlewareConsumer) {
    consumer.apply(RosterContextMiddleware).forRoutes(`${ONEROSTER_PATH.slice(1)}/*path`);
  }
}
