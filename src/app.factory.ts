import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import pinoHttp from 'pino-http';
import { randomUUID } from 'node:crypto';
import { AppConfig, loadConfig, readEnvironment } from './config/app-config';
import { AppModule } from './app.module';
import { createLogger, PinoNestLogger } from './logging/logger';

export interface CreateAppOptions {
  /** Environment variables layered over the process environment (tests, scripts). */
  env?: Record<string, string | undefined>;
}

/** Builds and initialises the HTTP application; used by main.ts, the e2e tests and scripts. */
export async function createApp(options: CreateAppOptions = {}): Promise<INestApplication> {
  const config = loadConfig({ ...readEnvironment(), ...options.env });
  const logger = createLogger(config.logLevel);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forConfig(config, logger), {
    logger: new PinoNestLogger(logger),
    abortOnError: false,
  });
  app.disable('x-powered-by');
  app.use(
    pinoHttp({
      logger,
      genReqId: (req, res) => {
        const id = (req.headers['x-request-id'] as string | undefined)?.slice(0, 100) || randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      serializers: {
        req: (req) => ({ id: req.id, method: req.method, url: req.url, remoteAddress: req.remoteAddress }),
        res: (res) => ({ statusCode: res.statusCode }),
      },
    }),
  );
  app.enableShutdownHooks();
  await app.init();
  return app;
}

/** The configuration the application was built with. */
export function appConfigOf(app: INestApplication): AppConfig {
  return app.get(AppConfig);
}
