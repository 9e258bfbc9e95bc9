import { accessSync, constants } from 'node:fs';
import { Browser, chromium } from 'playwright-core';

/** Debian's chromium (apt-get install chromium), used when the machine has it. */
const DEBIAN_CHROMIUM = '/usr/bin/chromium';
const NO_BROWSER =
  'no browser for the Swagger UI test: run `npm install` (brings @sparticuz/chromium) or `apt-get install chromium`';

/**
 * A headless Chromium for browser tests. playwright-core brings no browser of its own, and a bare machine has only
 * Node: so without Debian's chromium we take the binary shipped inside the npm dev dependency @sparticuz/chromium.
 * Neither one is a broken test machine, not a reason to skip: the test fails with how to get a browser.
 */
export async function launchBrowser(): Promise<Browser> {
  if (isExecutable(DEBIAN_CHROMIUM))
    return chromium.launch({ executablePath: DEBIAN_CHROMIUM, args: ['--no-sandbox'] });
  const { executablePath, args } = await npmChromium();
  return chromium.launch({ executablePath, args });
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Extracts @sparticuz/chromium's binary to the temp directory (once) and gives its path and launch flags. */
async function npmChromium(): Promise<{ executablePath: string; args: string[] }> {
  try {
    const { default: packaged } = await import('@sparticuz/chromium');
    return { executablePath: await packaged.executablePath(), args: packaged.args };
  } catch (cause) {
    throw new Error(NO_BROWSER, { cause });
  }
}
