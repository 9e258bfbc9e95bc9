import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The version in package.json, which the release tarball and the Docker image carry beside src/ and dist/. */
export const APP_VERSION: string = (
  JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string }
).version;
