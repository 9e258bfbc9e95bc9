import { Global, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { OneRosterExceptionFilter } from './errors/oneroster-exception.filter';
import { FieldsPipe, ListQueryPipe } from './http/list-query.pipe';
import { OneRosterResponseInterceptor } from './http/oneroster-response.interceptor';
import { ONEROSTER_PATH, RosterContextMiddleware } from './http/roster-context';
import { ListQueryService } from './query/list-query.service';
import { PageCache } from './query/page-cache';
import { ServingCalendar } from '../calendar/serving-calendar';

/** The shared OneRoster mechanics every resource module uses: list engine, calendar rules, errors, envelope. */
@Global()
@Module({
  providers: [
    ListQueryService,
    PageCache,
    ServingCalendar,
    ListQueryPipe,
    FieldsPipe,
    OneRosterResponseInterceptor,
    { provide: APP_FILTER, useClass: OneRosterExceptionFilter },
  ],
  exports: [ListQueryService, ServingCalendar, ListQueryPipe, FieldsPipe, OneRosterResponseInterceptor],
})
export class OneRosterModule implements NestModule {
  configure(consumer: MiddlewareConsumer) {
    consumer.apply(RosterContextMiddleware).forRoutes(`${ONEROSTER_PATH.slice(1)}/*path`);
  }
}
