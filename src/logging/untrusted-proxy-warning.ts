import type { RequestHandler } from 'express';
import type { Logger } from 'pino';

export const UNTRUSTED_PROXY_WARNING =
  "Requests arrive with X-Forwarded-For but TRUST_PROXY is false: every client seems to come from the proxy's " +
  'address, so the per-address token limits count all clients together and the logs name the proxy. ' +
  "Set TRUST_PROXY to the proxy's hop count or addresses (docs/deployment.md).";

/**
 * For TRUST_PROXY=false: warns once, on the first request that has an X-Forwarded-For header, that a proxy
 * seems to sit in front and is not believed. Once per application, so once per process: a warning per
 * request would flood the log. The header's value is not logged, as anyone can send one.
 */
export function warnOfUntrustedProxy(logger: Logger): RequestHandler {
  let warned = false;
  return (req, _res, next) => {
    if (!warned && req.headers['x-forwarded-for'] !== undefined) {
      warned = true;
      logger.warn({ proxyAddress: req.socket.remoteAddress }, UNTRUSTED_PROXY_WARNING);
    }
    next();
  };
}
