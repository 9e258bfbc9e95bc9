import { applyDecorators, Get, Header, UseInterceptors } from '@nestjs/common';
import { OneRosterResponseInterceptor } from './oneroster-response.interceptor';

/** A OneRoster collection GET: rendered with X-Total-Count and Link by the shared interceptor. */
export function OneRosterCollection(path = '') {
  return applyDecorators(
    Get(path),
    Header('Content-Type', 'application/json; charset=utf-8'),
    UseInterceptors(OneRosterResponseInterceptor),
  );
}

/** A OneRoster single-object GET. */
export function OneRosterSingle(path = ':id') {
  return applyDecorators(
    Get(path),
    Header('Content-Type', 'application/json; charset=utf-8'),
    UseInterceptors(OneRosterResponseInterceptor),
  );
}
