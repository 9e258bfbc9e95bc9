import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClassEntity } from '../../src/classes/class.entity';
import { Publisher } from '../../src/publication/publisher.service';
import { UserEntity } from '../../src/users/user.entity';
import { launchBrowser } from '../support/browser';
import { cliOn } from '../support/cli';
import { T0 } from '../support/factories';
import { seedSmallBoard } from '../support/small-board';
import { startTestApp, TEST_TENANT, TestApp } from '../support/test-app';

const HOSTILE_TITLE = `Frans"><img src=x onerror="window.pwned=1"><script>window.pwned=2</script>`;

describe('the HTML data-health report, opened from disk in a real browser', () => {
  let t: TestApp;
  let browser: Browser;
  let file: string;
  beforeAll(async () => {
    browser = await launchBrowser();
    t = await startTestApp();
    await seedSmallBoard(t.dataSource);
    await t.dataSource.getRepository(ClassEntity).update({ sourcedId: 'class-3' }, { title: HOSTILE_TITLE });
    await t.dataSource.getRepository(UserEntity).update({ sourcedId: 'student-05' }, { phone: '0470 & <b>12</b>' });
    await t.app.get(Publisher).refresh(undefined, T0);
    const dir = mkdtempSync(join(tmpdir(), 'report-html-'));
    file = join(dir, 'report.html');
    const written = await cliOn(t.db.url, dir)(['report', '--tenant', TEST_TENANT, '--format', 'html', '--out', file]);
    expect(written.code, written.stderr).toBe(0);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('shows every breach and the totals per school, loads nothing and runs nothing', { timeout: 60_000 }, async () => {
    const page = await browser.newPage();
    const requests: string[] = [];
    const problems: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    page.on('console', (message) => message.type() === 'error' && problems.push(message.text()));
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('dialog', (dialog) => problems.push(`dialog: ${dialog.message()}`));
    await page.goto(pathToFileURL(file).href);

    expect(requests).toEqual([pathToFileURL(file).href]);
    expect(problems).toEqual([]);
    expect(await page.evaluate('window.pwned')).toBeUndefined();
    expect(await page.locator('script, img').count()).toBe(0);
    expect(await page.locator('#verdict').innerText()).toMatch(/^0 error\(s\): SDS drops the record\. 2 warning\(s\)/);
    const rows = await page.locator('#lines tr').allInnerTexts();
    expect(rows).toHaveLength(3);
    expect(rows.join('\n')).toContain(HOSTILE_TITLE);
    expect(rows.join('\n')).toContain('0470 & <b>12</b>');
    expect(await page.locator('#schools tr').allInnerTexts()).toEqual([
      'School\tErrors\tWarnings',
      'Atheneum Zuid\t0\t1',
      'Sint-Jozefscollege\t0\t1',
    ]);
    const source = page.locator('#lines a').first();
    expect(await source.getAttribute('href')).toMatch(/^https:\/\/learn\.microsoft\.com\//);
  });
});
