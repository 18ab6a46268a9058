import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  TEST_PERSONAL_KEY,
  TEST_PROJECT_KEY,
  TEST_SECRET_KEY,
  type TestServer,
} from '../../../packages/server/src/testing/test-server.ts';
import { type AnalyticsSdk, type Env, loadConfig } from './config.ts';
import { ExperimentAdmin } from './experiment-admin.ts';
import { FlagAdmin } from './flag-admin.ts';
import type { SetupAdmin } from './setup-flags.ts';
import { type RunningTimetracker, startTimetracker } from './timetracker.ts';

// Shared by the example's tests: the app started as `npm start` would, pointed at a real Signpost.

export const CHROME_UA =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

export interface AppOptions {
  sdk?: AnalyticsSdk;
  /** Give the app the project secret key, so flags are evaluated locally from polled definitions. */
  local?: boolean;
  /** More environment variables (DATA_DIR, TELEMETRY, APP_VERSION, …). */
  env?: Env;
}

export function startApp(analyticsHost: string, options: AppOptions = {}): Promise<RunningTimetracker> {
  const config = loadConfig({
    PORT: '0',
    SIGNPOST_HOST: analyticsHost,
    SIGNPOST_PROJECT_API_KEY: TEST_PROJECT_KEY,
    ...(options.local ? { SIGNPOST_PROJECT_SECRET_KEY: TEST_SECRET_KEY } : {}),
    ANALYTICS_SDK: options.sdk ?? 'signpost',
    APP_ENV: 'test',
    DATA_DIR: mkdtempSync(path.join(tmpdir(), 'timetracker-')),
    FLAG_TIMEOUT_MS: '1000',
    TELEMETRY: 'off',
    ...options.env,
  });
  return startTimetracker(config);
}

export const flagAdmin = (server: TestServer) => new FlagAdmin(server.url, TEST_PERSONAL_KEY);
export const experimentAdmin = (server: TestServer) => new ExperimentAdmin(server.url, TEST_PERSONAL_KEY);
/** What `npm run setup-flags` uses, pointed at a test server. */
export const setupAdmin = (server: TestServer): SetupAdmin => ({
  flags: flagAdmin(server),
  experiments: experimentAdmin(server),
});

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  json<T = unknown>(): T;
  ms: number;
}

/** One signed-in browser: a cookie jar of one cookie and a Chrome User-Agent. */
export class AppUser {
  private cookie = '';

  constructor(private readonly baseUrl: string) {}

  async login(username: string, method: 'local' | 'oidc' = 'local'): Promise<Reply> {
    const reply = await this.request('POST', method === 'local' ? '/login' : '/login/oidc', {
      username,
      password: username,
    });
    if (reply.status !== 200) throw new Error(`login ${username} → ${reply.status} ${reply.text}`);
    return reply;
  }

  get sessionCookie(): string {
    return this.cookie;
  }

  get(pathname: string): Promise<Reply> {
    return this.request('GET', pathname);
  }

  post(pathname: string, body: unknown = {}): Promise<Reply> {
    return this.request('POST', pathname, body);
  }

  private async request(method: string, pathname: string, body?: unknown): Promise<Reply> {
    const started = performance.now();
    const response = await fetch(`${this.baseUrl}${pathname}`, {
      method,
      redirect: 'manual',
      headers: {
        'user-agent': CHROME_UA,
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const setCookie = response.headers.get('set-cookie');
    if (setCookie) this.cookie = setCookie.split(';')[0] ?? '';
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      text,
      json: <T>() => JSON.parse(text) as T,
      ms: performance.now() - started,
    };
  }
}

export interface StoredEvent {
  event: string;
  distinct_id: string;
  properties: Record<string, unknown>;
}

/** Events as Signpost stored them; polls briefly, since a flush may still be committing. */
export async function storedEvents(
  server: TestServer,
  query: Record<string, string>,
  atLeast = 1,
): Promise<StoredEvent[]> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const page = await server.api<{ results: StoredEvent[] }>(
      `/api/projects/@current/events/?${new URLSearchParams({ limit: '1000', ...query })}`,
    );
    if (page.results.length >= atLeast || Date.now() > deadline) return page.results;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export async function storedPerson(
  server: TestServer,
  distinctId: string,
): Promise<Record<string, unknown> | undefined> {
  const page = await server.api<{ results: { properties: Record<string, unknown> }[] }>(
    `/api/projects/@current/persons/?distinct_id=${encodeURIComponent(distinctId)}`,
  );
  return page.results[0]?.properties;
}

/** The server's own answer for a user, with no SDK in between: what local and remote reads must agree with. */
export async function serverFlags(
  server: TestServer,
  distinctId: string,
  personProperties: Record<string, unknown> = {},
): Promise<Record<string, unknown>> {
  const response = await fetch(`${server.url}/flags?v=2`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      api_key: TEST_PROJECT_KEY,
      distinct_id: distinctId,
      person_properties: personProperties,
    }),
  });
  const body = (await response.json()) as {
    flags: Record<string, { enabled: boolean; variant?: string | null }>;
  };
  return Object.fromEntries(
    Object.entries(body.flags).map(([key, f]) => [key, f.enabled ? (f.variant ?? true) : false]),
  );
}
