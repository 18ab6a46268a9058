import { existsSync } from 'node:fs';
import { type Browser, chromium, type Page } from 'playwright-core';

// Debian's Chromium for the browser tests (platform notes "Browser tests"). CI installs it, so a missing binary
// is a failure, never a skip.

export const CHROMIUM = '/usr/bin/chromium';

// Headless in a container: no sandbox or GPU, no background traffic that would show up in request logs.
const LAUNCH_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
];

export const hasChromium = (): boolean => existsSync(CHROMIUM);

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: LAUNCH_ARGS });
}

/** The browser a beforeAll started; throws (so the test fails rather than skips) when there is none. */
export function startedBrowser(browser: Browser | undefined): Browser {
  if (!hasChromium()) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM}: run "apt-get install -y chromium" (CI does this in .ci/run). ` +
        'This browser test must not be skipped.',
    );
  }
  if (!browser) throw new Error('Chromium did not start.');
  return browser;
}

/** Collects the page's console lines and uncaught errors, so a failure can say what the page saw. */
export function recordConsole(page: Page, lines: string[] = []): string[] {
  page.on('console', (m) => lines.push(`[${m.type()}] ${m.text()}`));
  page.on('pageerror', (e) => lines.push(`[pageerror] ${e.message}`));
  return lines;
}
