import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiResponse } from '@nestjs/swagger';
import type { HeadersObject, SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { schemaRef } from '../oneroster/openapi/schema-parts';
import { OAuthErrorCode } from '../oneroster/errors/oauth-error';

export const ACCESS_TOKEN = 'AccessToken';
export const OAUTH_ERROR = 'OAuthError';

/** A Record, so that every code OAuthError can carry is documented (server_error is the filter's 500). */
const ERROR_CODES: Record<OAuthErrorCode | 'server_error', string> = {
  invalid_request: 'not a form body, a parameter sent twice, no grant_type, or both client authentication methods',
  invalid_client: 'unknown client, wrong secret or revoked client (401)',
  unsupported_grant_type: 'a grant_type other than client_credentials',
  invalid_scope: 'a scope this client is not offered',
  slow_down: 'too many failed attempts (429)',
  server_error: 'an unexpected error, logged (500)',
};

/** The 200 body of RFC 6749 §5.1. */
export const ACCESS_TOKEN_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['access_token', 'token_type', 'expires_in', 'scope'],
  additionalProperties: false,
  properties: {
    access_token: { type: 'string', description: 'Send as Authorization: Bearer <access_token>' },
    token_type: { type: 'string', enum: ['Bearer'] },
    expires_in: { type: 'integer', minimum: 1, description: 'Lifetime in seconds' },
    scope: { type: 'string', description: 'The granted scopes, space-separated' },
  },
};

/** The error body of RFC 6749 §5.2 (never the imsx envelope). */
export const OAUTH_ERROR_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['error', 'error_description'],
  additionalProperties: false,
  properties: {
    error: { type: 'string', enum: Object.keys(ERROR_CODES) },
    error_description: { type: 'string' },
  },
  description: Object.entries(ERROR_CODES)
    .map(([code, why]) => `${code}: ${why}`)
    .join('; '),
};

const TOKEN_REQUEST_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['grant_type'],
  properties: {
    grant_type: { type: 'string', enum: ['client_credentials'] },
    scope: { type: 'string', description: 'Space-separated scopes; all the client is offered when absent' },
    client_id: { type: 'string', description: 'client_secret_post only; HTTP Basic is the other (preferred) way' },
    client_secret: { type: 'string', description: 'client_secret_post only' },
  },
};

const NO_STORE: HeadersObject = {
  'Cache-Control': { schema: { type: 'string', enum: ['no-store'] } },
  Pragma: { schema: { type: 'string', enum: ['no-cache'] } },
};

function oauthError(status: number, description: string, headers: HeadersObject = {}) {
  return ApiResponse({ status, description, headers: { ...NO_STORE, ...headers }, schema: schemaRef(OAUTH_ERROR) });
}

/** The OpenAPI description of POST /oauth/token: its form body, its token and its RFC 6749 errors. */
export function TokenEndpointDocs() {
  return applyDecorators(
    ApiConsumes('application/x-www-form-urlencoded'),
    ApiBody({ schema: TOKEN_REQUEST_SCHEMA }),
    ApiOkResponse({
      description: 'An access token (RFC 6749 §5.1)',
      headers: NO_STORE,
      schema: schemaRef(ACCESS_TOKEN),
    }),
    oauthError(400, 'invalid_request, unsupported_grant_type or invalid_scope'),
    oauthError(401, 'invalid_client', {
      'WWW-Authenticate': { schema: { type: 'string' }, description: 'Basic challenge' },
    }),
    oauthError(429, 'slow_down', { 'Retry-After': { schema: { type: 'integer' }, description: 'Seconds to wait' } }),
    oauthError(500, 'server_error'),
  );
}
