import { INestApplication } from '@nestjs/common';
import type { Express } from 'express';
import swaggerUi from 'swagger-ui-express';
import { OPENAPI_PATH } from './openapi-document';

export const DOCS_PATH = '/docs';

/**
 * The Content-Security-Policy of the Swagger UI pages, laxer than the API's `default-src 'none'`.
 * swagger-ui-express's page carries inline `<style>` blocks (hence 'unsafe-inline' for styles only);
 * its scripts, swagger-ui-init.js included, are files, so scripts stay 'self'. The UI fetches
 * /openapi.json, /oauth/token and the API itself (connect 'self') and draws icons from data: URIs.
 */
export const SWAGGER_UI_CSP_DIRECTIVES: Record<string, string[]> = {
  'default-src': ["'self'"],
  'base-uri': ["'self'"],
  'connect-src': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'style-src': ["'self'", "'unsafe-inline'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  'object-src': ["'none'"],
  'frame-ancestors': ["'none'"],
  'form-action': ["'self'"],
};

/** Whether a request path belongs to the Swagger UI pages (and so gets their CSP). */
export function isDocsPath(path: string): boolean {
  return path === DOCS_PATH || path.startsWith(`${DOCS_PATH}/`);
}

const UI_OPTIONS: swaggerUi.SwaggerUiOptions = {
  customSiteTitle: 'OneRoster 1.1 provider: API docs',
  // The UI loads the very document served at /openapi.json rather than a copy inlined in its script.
  swaggerUrl: OPENAPI_PATH,
  swaggerOptions: {
    // Authorize takes the client id and secret of the document's oauth2 clientCredentials flow; Swagger UI
    // posts them as HTTP Basic to /oauth/token, which accepts that (and client_secret_post).
    persistAuthorization: true,
    // No badge from validator.swagger.io: a third-party request the CSP would block anyway.
    validatorUrl: null,
    displayRequestDuration: true,
  },
};

/**
 * Serves Swagger UI at /docs (/docs redirects to /docs/, as the page's asset links are relative).
 * serveFiles keeps this app's swagger-ui-init.js to itself, not in swagger-ui-express's module-wide slot.
 */
export function serveSwaggerUi(app: INestApplication): void {
  const express = app.getHttpAdapter().getInstance() as Express;
  express.use(DOCS_PATH, ...swaggerUi.serveFiles(undefined, UI_OPTIONS), swaggerUi.setup(undefined, UI_OPTIONS));
}
