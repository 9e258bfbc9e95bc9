import { applyDecorators, Get, Header, NestInterceptor, UseInterceptors } from '@nestjs/common';
import { ApiOAuth2, ApiOkResponse, ApiQuery, ApiResponse } from '@nestjs/swagger';
import { ROUTE_SCOPES, RouteScope } from '../security/oauth-scopes';
import { RequiresScope } from '../security/route-scope';
import { RecordSchema } from '../openapi/record-schema';
import { collectionResponse, errorResponse, singleResponse } from '../openapi/response-docs';
import { OneRosterResponseInterceptor } from './oneroster-response.interceptor';
import { PageGateInterceptor } from './page-gate.interceptor';

// No example: Swagger UI would pre-fill it in "Try it out" and the first GET would return only those fields.
const FIELDS = ApiQuery({
  name: 'fields',
  required: false,
  type: String,
  description: 'Comma-separated fields to return, e.g. sourcedId,givenName (all when absent)',
});
const LIST_QUERY = [
  ApiQuery({
    name: 'limit',
    required: false,
    schema: { type: 'integer', minimum: 1, default: 100 },
    description: 'Records per page',
  }),
  ApiQuery({
    name: 'offset',
    required: false,
    schema: { type: 'integer', minimum: 0, default: 0 },
    description: 'Zero-based index of the first record',
  }),
  // Pre-filled on purpose: status='active' is the filter School Data Sync sends on a full sync.
  ApiQuery({
    name: 'filter',
    required: false,
    type: String,
    description: "field op 'value' joined by AND or OR; op is = != > >= < <= or ~ (contains)",
    example: "status='active'",
  }),
  ApiQuery({ name: 'sort', required: false, type: String, description: 'Field to sort by (sourcedId breaks ties)' }),
  ApiQuery({ name: 'orderBy', required: false, enum: ['asc', 'desc'] }),
  FIELDS,
];

function errors(...statuses: [number, string][]) {
  return statuses.map(([status, description]) => ApiResponse(errorResponse(status, description)));
}

function oneRosterGet(
  path: string,
  scope: RouteScope,
  queries: MethodDecorator[],
  ok: MethodDecorator,
  interceptors: (new (...args: never[]) => NestInterceptor)[] = [],
) {
  return applyDecorators(
    Get(path),
    RequiresScope(scope),
    Header('Content-Type', 'application/json; charset=utf-8'),
    UseInterceptors(...interceptors, OneRosterResponseInterceptor),
    ApiOAuth2([...ROUTE_SCOPES[scope]], 'oauth2'),
    ...queries,
    ok,
    ...errors(
      [
        400,
        'Bad filter, fields, sort, limit or offset, or a control character in an id or parameter (invalid_filter_field, invalid_selection_field, invaliddata)',
      ],
      [401, 'No valid bearer token (unauthorisedrequest)'],
      [403, `The token lacks the scope: ${ROUTE_SCOPES[scope].join(' or ')} (forbidden)`],
      [404, 'Unknown sourcedId, or one outside your scope (unknownobject)'],
      [429, 'Too many requests; see Retry-After (server_busy)'],
      [500, 'Internal error (internal_server_error)'],
    ),
  );
}

/**
 * A OneRoster collection GET of `records`, rendered with X-Total-Count and Link by the shared
 * interceptor. A top-level collection is a core route; a nested one (`:id/classes`) a relationship
 * route, which needs the full roster scope (OneRoster 1.1 security, scopes; docs/api.md).
 */
export function OneRosterCollection(
  records: RecordSchema,
  path = '',
  scope: RouteScope = path ? 'relationship' : 'core',
) {
  return oneRosterGet(path, scope, LIST_QUERY, ApiOkResponse(collectionResponse(records)), [PageGateInterceptor]);
}

/** A OneRoster single-object GET of one of `records`. */
export function OneRosterSingle(records: RecordSchema, path = ':id', scope: RouteScope = 'core') {
  return oneRosterGet(path, scope, [FIELDS], ApiOkResponse(singleResponse(records)));
}
