import { applyDecorators, Get, Header, UseGuards, UseInterceptors } from '@nestjs/common';
import { BearerTokenGuard, RequiresScope } from '../../auth/bearer-token.guard';
import { RouteScope } from '../../auth/oauth-scopes';
import { OneRosterResponseInterceptor } from './oneroster-response.interceptor';

function oneRosterGet(path: string, scope: RouteScope) {
  return applyDecorators(
    Get(path),
    RequiresScope(scope),
    UseGuards(BearerTokenGuard),
    Header('Content-Type', 'application/json; charset=utf-8'),
    UseInterceptors(OneRosterResponseInterceptor),
  );
}

/**
 * A OneRoster collection GET, rendered with X-Total-Count and Link by the shared interceptor. A
 * top-level collection is a core route; a nested one (`:id/classes`) a relationship route, which
 * needs the full roster scope (spec-notes §4.2).
 */
export function OneRosterCollection(path = '', scope: RouteScope = path ? 'relationship' : 'core') {
  return oneRosterGet(path, scope);
}

/** A OneRoster single-object GET. */
export function OneRosterSingle(path = ':id', scope: RouteScope = 'core') {
  return oneRosterGet(path, scope);
}
