import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, it } from 'vitest';
import { checkProperty, type FuzzServer, fuzzSettings, startFuzzServer } from '../testing/fuzz-harness.ts';
import { hostileString, jsonText } from '../testing/hostile-json.ts';
import { mutated } from '../testing/mutate-json.ts';
import { TEST_PERSONAL_KEY } from '../testing/test-server.ts';

const settings = fuzzSettings(process.env);
const ADMIN = { email: 'admin@example.com', password: 'correct horse battery' };
const ROUTES = [
  { path: '/_auth/login', templates: [ADMIN, { email: 'nobody@example.com', password: 'x' }] },
  { path: '/_auth/setup', templates: [{ ...ADMIN, personal_api_key: TEST_PERSONAL_KEY }] },
  { path: '/_auth/logout', templates: [{}] },
];
const headerSafe = (s: string) => /^[\t\x20-\x7e]*$/.test(s);

let fuzz: FuzzServer;
beforeAll(async () => {
  fuzz = await startFuzzServer({
    SIGNPOST_ADMIN_EMAIL: ADMIN.email,
    SIGNPOST_ADMIN_PASSWORD: ADMIN.password,
  });
});
afterAll(async () => {
  await fuzz.stop();
});
afterEach(async () => {
  await fuzz.expectHealthy();
});

describe('/_auth fuzz: any body, cookie and content type answers 2xx or a declared 4xx', {
  timeout: settings.timeoutMs,
}, () => {
  it('structured but wrong credentials, sessions and CSRF tokens', async () => {
    const input = fc.nat({ max: ROUTES.length - 1 }).chain((i) =>
      fc.record({
        route: fc.constant(i),
        body: mutated(ROUTES[i]?.templates ?? []),
        type: fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain', ''),
        cookie: fc.option(hostileString.map((s) => `signpost_session=${s}`)),
        csrf: fc.option(hostileString),
        forwardedFor: fc.option(hostileString),
      }),
    );
    await checkProperty(settings, 150, input, async ({ route, body, type, cookie, csrf, forwardedFor }) => {
      const { path } = ROUTES[route] as (typeof ROUTES)[number];
      const headers: Record<string, string> = { 'content-type': type };
      if (cookie !== null && headerSafe(cookie)) headers.cookie = cookie;
      if (csrf !== null && headerSafe(csrf)) headers['x-csrf-token'] = csrf;
      if (forwardedFor !== null && headerSafe(forwardedFor)) headers['x-forwarded-for'] = forwardedFor;
      await fuzz.check(path, { method: 'POST', headers, body: jsonText(body) });
    });
  });

  it('a real session used with hostile CSRF headers and bodies', async () => {
    const login = await fuzz.request('/_auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ADMIN),
    });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    if (login.status !== 200 || !cookie) throw new Error(`login → ${login.status}`);
    const input = fc.record({
      path: fc.constantFrom(
        '/api/projects/@current/feature_flags/',
        '/api/personal_api_keys/',
        '/_auth/session',
      ),
      csrf: hostileString,
      body: fc.oneof(hostileString, fc.json({ maxDepth: 3 })),
    });
    await checkProperty(settings, 60, input, async ({ path, csrf, body }) => {
      const headers: Record<string, string> = { cookie, 'content-type': 'application/json' };
      if (headerSafe(csrf)) headers['x-csrf-token'] = csrf;
      await fuzz.check(path, { method: 'POST', headers, body });
    });
  });
});
