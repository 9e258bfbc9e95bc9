import 'reflect-metadata';
import { appConfigOf, createApp } from './app.factory';
import { ConfigError } from './config/app-config';

async function main() {
  const app = await createApp();
  const config = appConfigOf(app);
  await app.listen(config.port);
  const base = config.publicBaseUrl ?? `http://localhost:${config.port}`;
  process.stdout.write(`OneRoster 1.1 API: ${base}/ims/oneroster/v1p1\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof ConfigError ? error.message : (error as Error).stack}\n`);
  process.exit(1);
});
