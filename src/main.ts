import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { appConfigOf, createApp } from './app.factory';
import { ConfigError } from './config/app-config';

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
  process.stderr.write(`${error instanceof ConfigError ? error.message : (error as Error).stack}\n`);
  process.exit(1);
});
