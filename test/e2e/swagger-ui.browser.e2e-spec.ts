import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser';
import { seedSmallBoard } from '../support/small-board';
import { startTestApp, TestApp } from '../support/test-app';

const ARTIFACTS = join(__dirname, '..', '..', 'test-artifacts');

describe('Swagger UI at /docs, in a real browser', () => {
  let t: TestApp;
  let browser: Browser;
  let origin: string;
  beforeAll(async () => {
    // Launched first: a machine without a browser fails here, with how to get one, before the app starts.
    browser = await launchBrowser();
    t = await startTestApp();
    await seedSmallBoard(t.dataSource);
    await t.app.listen(0, '127.0.0.1');
    origin = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('authorizes with client credentials and runs GET /users with Try it out', { timeout: 60_000 }, async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));

    await page.goto(`${origin}/docs`);
    await page.locator('.swagger-ui .info .title').waitFor();
    await page.locator('.auth-wrapper button.authorize').click();
    const dialog = page.locator('.dialog-ux .modal-ux');
    await dialog.locator('#client_id_clientCredentials').fill(t.credentials.clientId);
    await dialog.locator('#client_secret_clientCredentials').fill(t.credentials.clientSecret);
    const token = page.waitForResponse((res) => res.url().endsWith('/oauth/token'));
    await dialog.locator('.auth-btn-wrapper button.authorize').click();
    expect((await token).status()).toBe(200);
    await dialog.locator('button.btn-done').click();

    const operation = page.locator('#operations-Users-getAllUsers');
    await operation.locator('.opblock-summary').click();
    await operation.locator('button.try-out__btn').click();
    const users = page.waitForResponse((res) => new URL(res.url()).pathname === '/ims/oneroster/v1p1/users');
    await operation.locator('button.execute').click();
    expect((await users).status()).toBe(200);
    const live = operation.locator('.live-responses-table');
    await expect.poll(() => live.locator('.response .response-col_status').first().innerText()).toMatch(/^200\b/);
    await expect
      .poll(() => live.locator('.response .response-col_description').first().innerText())
      .toContain('student-01');

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'swagger-ui.png'), fullPage: true });
    // A CSP violation shows as a console error: none may occur, or the headers broke the page.
    expect(problems).toEqual([]);
  });
});
