import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { appConfigOf, createApp } from './app.factory';
import { ConfigError } from './config/app-config';
import { UsageError } from './usage-error';

async function main() {
  const app = await createApp();
  const config = appConfigOf(app);
  await app.listen(config.port);
  // PORT=0 takes a free port: name the one the server really listens on.
  const { port } = app.getHttpServer().address() as AddressInfo;
  const base = config.publicBaseUrl ?? `http://localhost:${port}`;
  process.stdout.write(`OneRoster 1.1 API: ${base}/ims/oneroster/v1p1\n`);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) process.stderr.write(`${error.message}\n`);
  else if (error instanceof UsageError) process.stderr.write(`error: ${error.message}\n`);
  else process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
