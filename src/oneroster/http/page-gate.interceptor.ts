import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Response } from 'express';
import { finished } from 'node:stream';
import { finalize, from, mergeMap, Observable } from 'rxjs';
import { AppConfig } from '../../config/app-config';
import { PageGate } from './page-gate';

/** The server's one gate of list pages, PAGES_AT_ONCE wide: a provider, shared by every module's interceptor. */
export const LIST_PAGE_GATE = {
  provide: PageGate,
  useFactory: (config: AppConfig) => new PageGate(config.pagesAtOnce),
  inject: [AppConfig],
};

/**
 * Builds at most PAGES_AT_ONCE list pages at once (see PageGate); the other requests wait their turn. A page is inside
 * from before its queries until its body is built, or its client is gone.
 */
@Injectable()
export class PageGateInterceptor implements NestInterceptor {
  constructor(private readonly gate: PageGate) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const res = context.switchToHttp().getResponse<Response>();
    return from(this.gate.enter()).pipe(
      mergeMap((leave) => {
        // Once the page is built: a client slow to read it must not keep others from theirs. A client gone before
        // then leaves too.
        finished(res, () => leave());
        return next.handle().pipe(finalize(leave));
      }),
    );
  }
}
