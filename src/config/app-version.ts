import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The nearest package.json above this file: the project's, whether this runs from src/, dist/ or a benchmark build. */
function packageJsonPath(from = __dirname): string {
  const candidate = join(from, 'package.json');
  if (existsSync(candidate)) return candidate;
  if (dirname(from) === from) throw new Error(`no package.json above ${__dirname}`);
  return packageJsonPath(dirname(from));
}

/** The version in package.json, which the release tarball and the Docker image carry beside dist/. */
export const APP_VERSION: string = (JSON.parse(readFileSync(packageJsonPath(), 'utf8')) as { version: string }).version;
