import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../server/src/testing/chromium.ts';
import { WEB_ROOT } from './build-web.ts';

export { hasChromium } from '../../server/src/testing/chromium.ts';

const ARTIFACTS = path.join(WEB_ROOT, '../../.test-artifacts/web');

export interface AppPage {
  browser: Browser;
  page: Page;
  /** Uncaught errors in the page: the tests end by expecting none. */
  pageErrors: string[];
}

export interface Admin {
  email: string;
  password: string;
}

/**
 * How long to wait for a result that needs insight queries: the server runs one query at a time
 * (SIGNPOST_QUERY_CONCURRENCY=1), so a dashboard's last tile waits for every tile before it on a busy machine.
 */
export const QUERY_RESULT_TIMEOUT = 20_000;

/** Chromium with one page of the given size, failing a missing element well before the test's own timeout. */
export async function openAppPage(options: {
  viewport: { width: number; height: number };
  acceptDownloads?: boolean;
  /** A phone's touch screen, for `tap()`. */
  hasTouch?: boolean;
}): Promise<AppPage> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const browser = await launchChromium();
  const page = await browser.newPage(options);
  page.setDefaultTimeout(8000);
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  return { browser, page, pageErrors };
}

/** A full-page screenshot under .test-artifacts/web, for looking at what the test saw. */
export const screenshot = (page: Page, name: string) =>
  page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });

/**
 * Fills the sign-in form the app shows on any page while signed out and waits for the server's answer; when it
 * signs in, also waits for the form to go, so the next step never sees the sign-in page's own heading (a sweep that
 * navigated on at once used to judge the sign-in page instead of the app).
 */
export async function signIn(page: Page, admin: Admin): Promise<void> {
  await page.getByLabel('Email').fill(admin.email);
  await page.getByLabel('Password').fill(admin.password);
  const answer = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().includes('/_auth/'));
  await page.getByRole('button', { name: 'Sign in' }).click();
  if ((await answer).ok()) await page.locator('#auth-title').waitFor({ state: 'detached' });
}
