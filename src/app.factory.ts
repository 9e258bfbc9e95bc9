import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import type { Express, RequestHandler } from 'express';
import helmet from 'helmet';
import type { DestinationStream } from 'pino';
import pinoHttp from 'pino-http';
import { TOKEN_PATH } from './oneroster/errors/oauth-error';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { ApiClientEntity } from './auth/api-client.entity';
import { RequestWithContext } from './oneroster/http/roster-context';
import { AppConfig, loadConfig, readEnvironment } from './config/app-config';
import { AppModule } from './app.module';
import { Clock } from './config/clock';
import { buildOpenApiDocument, OPENAPI_PATH } from './openapi/openapi-document';
import { isDocsPath, serveSwaggerUi, SWAGGER_UI_CSP_DIRECTIVES } from './openapi/swagger-ui';
import { createLogger, PinoNestLogger } from './logging/logger';
import { warnOfUntrustedProxy } from './logging/untrusted-proxy-warning';

export interface CreateAppOptions {
  /** Environment variables layered over the process environment (tests, scripts). */
  env?: Record<string, string | undefined>;
  /** Where the JSON log goes (default stdout); tests read it to check what is logged. */
  logDestination?: DestinationStream;
  /** "Now" for the calendar rules (future students, school-year switch) and the rate-limit windows; tests move it. */
  clock?: Clock;
}

/** Builds and initialises the HTTP application; used by main.ts, the e2e tests and scripts. */
export async function createApp(options: CreateAppOptions = {}): Promise<INestApplication> {
  const config = loadConfig({ ...readEnvironment(), ...options.env });
  const logger = createLogger(config.logLevel, options.logDestination);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forConfig(config, logger, options.clock), {
    logger: new PinoNestLogger(logger),
    abortOnError: false,
  });
  app.disable('x-powered-by');
  // No ETag on API answers: Express would hash every multi-megabyte page for a header no OneRoster
  // client sends back (If-None-Match), and a sweep's pages change under the same URL anyway.
  app.set('etag', false);
  app.set('trust proxy', config.trustProxy);
  if (config.trustProxy === false) app.use(warnOfUntrustedProxy(logger));
  app.use(securityHeaders());
  app.use(
    pinoHttp({
      logger,
      genReqId: (req, res) => {
        const id = (req.headers['x-request-id'] as string | undefined)?.slice(0, 100) || randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      customProps: callerOf,
      serializers: {
        req: (req) => ({ id: req.id, method: req.method, url: loggableUrl(req.url), remoteAddress: req.remoteAddress }),
        res: (res) => ({ statusCode: res.statusCode }),
      },
    }),
  );
  app.enableShutdownHooks();
  const openApi = buildOpenApiDocument(app);
  (app.getHttpAdapter().getInstance() as Express).get(OPENAPI_PATH, (_req, res) => void res.json(openApi));
  serveSwaggerUi(app);
  await app.init();
  return app;
}

/**
 * helmet's headers on every response. The API answers JSON only, so its CSP allows nothing to load;
 * the Swagger UI pages get the CSP they need to run (see SWAGGER_UI_CSP_DIRECTIVES).
 */
function securityHeaders(): RequestHandler {
  const api = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: { 'default-src': ["'none'"], 'frame-ancestors': ["'none'"] },
    },
  });
  const docs = helmet({ contentSecurityPolicy: { useDefaults: false, directives: SWAGGER_UI_CSP_DIRECTIVES } });
  return (req, res, next) => (isDocsPath(req.path) ? docs : api)(req, res, next);
}

/**
 * Who made the request, on its log line: the API client and its tenant, once authenticated
 * (a bearer token on the OneRoster routes, client credentials on the token endpoint).
 */
function callerOf(req: IncomingMessage): { clientId?: string; tenantId?: string } {
  const { rosterContext, user } = req as RequestWithContext & { user?: ApiClientEntity };
  return { clientId: rosterContext?.clientId ?? user?.clientId, tenantId: rosterContext?.tenantId ?? user?.tenantId };
}

/** A request URL fit for a log line: a token request's query string could carry a client secret. */
function loggableUrl(url: string): string {
  return url.startsWith(TOKEN_PATH) && url.includes('?') ? `${url.slice(0, url.indexOf('?'))}?[redacted]` : url;
}

/** The configuration the application was built with. */
export function appConfigOf(app: INestApplication): AppConfig {
  return app.get(AppConfig);
}
