import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../src/database/data-source';
import { ENTITIES } from '../../src/entities';

declare module 'vitest' {
  export interface ProvidedContext {
    templateDatabase: string;
  }
}

/** Migrates one SQLite template database; each test file copies it instead of migrating again. */
export default async function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), 'oneroster-test-'));
  const path = join(dir, 'template.sqlite');
  const dataSource = await openDatabase({ type: 'sqlite', path, options: {}, logging: false }, ENTITIES);
  await dataSource.destroy();
  project.provide('templateDatabase', path);
  return () => rmSync(dir, { recursive: true, force: true });
}
