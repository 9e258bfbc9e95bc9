import { applyDecorators, Get, Header, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiOAuth2, ApiQuery, ApiResponse } from '@nestjs/swagger';
import { BearerTokenGuard, RequiresScope } from '../../auth/bearer-token.guard';
import { ROUTE_SCOPES, RouteScope } from '../../auth/oauth-scopes';
import { STATUS_INFO_SCHEMA } from '../errors/status-info';
import { OneRosterResponseInterceptor } from './oneroster-response.interceptor';

const FIELDS = ApiQuery({ name: 'fields', required: false, description: 'Comma-separated fields to return, e.g. sourcedId,givenName', example: 'sourcedId,status' });
const LIST_QUERY = [
  ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, default: 100 }, description: 'Records per page' }),
  ApiQuery({ name: 'offset', required: false, schema: { type: 'integer', minimum: 0, default: 0 }, description: 'Zero-based index of the first record' }),
  ApiQuery({ name: 'filter', required: false, description: "field op 'value' joined by AND or OR; op is = != > >= < <= or ~ (contains)", example: "status='active'" }),
  ApiQuery({ name: 'sort', required: false, description: 'Field to sort by (sourcedId breaks ties)' }),
  ApiQuery({ name: 'orderBy', required: false, enum: ['asc', 'desc'] }),
  FIELDS,
];

function errors(...statuses: [number, string][]) {
  return statuses.map(([status, description]) => ApiResponse({ status, description, schema: STATUS_INFO_SCHEMA }));
}

function oneRosterGet(path: string, scope: RouteScope, queries: MethodDecorator[]) {
  return applyDecorators(
    Get(path),
    RequiresScope(scope),
    UseGuards(BearerTokenGuard),
    Header('Content-Type', 'application/json; charset=utf-8'),
    UseInterceptors(OneRosterResponseInterceptor),
    ApiOAuth2([...ROUTE_SCOPES[scope]], 'oauth2'),
    ...queries,
    ...errors(
      [400, 'Bad filter, fields, sort, limit or offset (invalid_filter_field, invalid_selection_field, invaliddata)'],
      [401, 'No valid bearer token (unauthorisedrequest)'],
      [403, `The token lacks the scope: ${ROUTE_SCOPES[scope].join(' or ')} (forbidden)`],
      [404, 'Unknown sourcedId, or one outside your scope (unknownobject)'],
      [429, 'Too many requests; see Retry-After (server_busy)'],
      [500, 'Internal error (internal_server_error)'],
    ),
  );
}

/**
 * A OneRoster collection GET, rendered with X-Total-Count and Link by the shared interceptor. A
 * top-level collection is a core route; a nested one (`:id/classes`) a relationship route, which
 * needs the full roster scope (spec-notes §4.2).
 */
export function OneRosterCollection(path = '', scope: RouteScope = path ? 'relationship' : 'core') {
  return oneRosterGet(path, scope, LIST_QUERY);
}

/** A OneRoster single-object GET. */
export function OneRosterSingle(path = ':id', scope: RouteScope = 'core') {
  return oneRosterGet(path, scope, [FIELDS]);
}
