import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, TestApp } from '../support/test-app';

describe.skipIf(!process.env.TEST_DATABASE_URL?.startsWith('postgres'))('PostgreSQL sessions', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  it('run without JIT compilation, on every pooled connection', async () => {
    const settings = await Promise.all(
      Array.from({ length: 3 }, () =>
        t.dataSource.transaction((manager) => manager.query("SELECT current_setting('jit') AS jit")),
      ),
    );
    expect(settings.map(([row]) => (row as { jit: string }).jit)).toEqual(['off', 'off', 'off']);
  });
});
