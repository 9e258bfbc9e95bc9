import { Global, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { Metrics } from './metrics';

/** The route pattern a request matched, never its path: a label per sourcedId would grow without end. */
function routeLabel(req: Request): string {
  const route = (req as Request & { route?: { path?: unknown } }).route?.path;
  return typeof route === 'string' ? route : 'unmatched';
}

/** The application's Prometheus metrics, and every HTTP request counted and timed. */
@Global()
@Module({ providers: [Metrics], exports: [Metrics] })
export class MetricsModule implements NestModule {
  constructor(private readonly metrics: Metrics) {}

  configure(consumer: MiddlewareConsumer) {
    consumer
      .apply((req: Request, res: Response, next: NextFunction) => {
        const started = process.hrtime.bigint();
        res.once('finish', () => {
          const seconds = Number(process.hrtime.bigint() - started) / 1e9;
          this.metrics.requestAnswered(routeLabel(req), req.method, res.statusCode, seconds);
        });
        next();
      })
      .forRoutes('*path');
  }
}
