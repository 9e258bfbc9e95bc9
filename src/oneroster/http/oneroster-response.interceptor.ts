import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import { map, Observable } from 'rxjs';
import { buildLinkHeader } from '../query/paging-links';
import { KEPT_PARAMETERS } from '../query/list-query';
import { project } from '../query/fields';
import { CollectionPage, SingleRecord, sourcedIdsOf } from './responses';
import { RequestWithContext, RosterContext } from './roster-context';

/** Renders CollectionPage/SingleRecord as the 1.1 JSON envelope, with X-Total-Count and Link. */
@Injectable()
export class OneRosterResponseInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const req = http.getRequest<Request & { rosterContext: RosterContext } & RequestWithContext>();
    const res = http.getResponse<Response>();
    return next.handle().pipe(
      map((body: unknown) => {
        if (body instanceof CollectionPage) {
          const { offset, limit, filter } = body.query;
          req.served = { sourcedIds: body.sourcedIds, page: { offset, limit, filter, total: body.total } };
          return this.collection(body, req, res);
        }
        if (body instanceof SingleRecord) {
          req.served = { sourcedIds: sourcedIdsOf([body.record]) };
          return { [body.key]: project(body.record, body.fields) };
        }
        return body;
      }),
    );
  }

  private collection(page: CollectionPage, req: Request & { rosterContext: RosterContext }, res: Response) {
    const { query } = page;
    const kept: Record<string, string> = {};
    for (const name of KEPT_PARAMETERS) {
      const value = req.query[name];
      if (typeof value === 'string' && value !== '') kept[name] = value;
    }
    res.setHeader('X-Total-Count', String(page.total));
    res.setHeader(
      'Link',
      buildLinkHeader({
        baseUrl: `${req.rosterContext.origin}${req.path}`,
        query: kept,
        offset: query.offset,
        limit: query.limit,
        total: page.total,
      }),
    );
    // The JSON text of a rendered page goes out as it is (its Content-Type is set by the route).
    if (page.rendered) return `{${JSON.stringify(page.key)}:${page.rendered.json}}`;
    return { [page.key]: page.records.map((record) => project(record, query.fields)) };
  }
}
