import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { createSignpost } from '../server.ts';
import { openDuckDbStorage } from '../storage/duckdb/duckdb-storage.ts';
import { type InProcess, inProcess } from '../testing/in-process.ts';
import { TEST_PERSONAL_KEY, TEST_PROJECT_KEY } from '../testing/test-server.ts';
import { silentLogger } from '../util/logger.ts';
import { browserish } from './auth-test-client.ts';

const ADMIN = { SIGNPOST_ADMIN_EMAIL: 'admin@example.com', SIGNPOST_ADMIN_PASSWORD: 'hunter2hunter2' };
const FLAGS = '/api/projects/@current/feature_flags/';

let sp: InProcess | undefined;
afterEach(async () => {
  await sp?.stop();
  sp = undefined;
});

describe('first-run setup', () => {
  it('is offered only while no user exists, and signs the new admin in', async () => {
    sp = await inProcess('memory');
    const web = browserish(sp.signpost);
    expect(await (await web.request('GET', '/_auth/session')).json()).toEqual({
      authenticated: false,
      setup_required: true,
      sso_enabled: false,
      password_sign_in: true,
    });
    const weak = await web.request('POST', '/_auth/setup', {
      body: { email: 'me@x.io', password: 'short', personal_api_key: TEST_PERSONAL_KEY },
    });
    expect(weak.status).toBe(400);
    expect(((await weak.json()) as { attr: string }).attr).toBe('password');
    for (const key of ['phx_not_a_key_of_this_server', TEST_PROJECT_KEY]) {
      const stranger = await web.request('POST', '/_auth/setup', {
        body: { email: 'me@x.io', password: 'long enough', personal_api_key: key },
      });
      expect(stranger.status).toBe(403);
      expect(await stranger.json()).toMatchObject({ code: 'SETUP_KEY_INVALID', attr: 'personal_api_key' });
    }
    expect(web.cookie).toBeUndefined();
    const created = await web.request('POST', '/_auth/setup', {
      body: { email: 'Me@X.io', password: 'long enough', personal_api_key: TEST_PERSONAL_KEY },
    });
    expect(created.status).toBe(201);
    const body = (await created.json()) as { user: { email: string }; project: { api_token: string } };
    expect(body.user.email).toBe('me@x.io');
    expect(body.project.api_token).toMatch(/^phc_/);
    expect((await web.request('GET', FLAGS)).status).toBe(200);

    const other = browserish(sp.signpost);
    const again = await other.request('POST', '/_auth/setup', {
      body: { email: 'b@x.io', password: 'long enough', personal_api_key: TEST_PERSONAL_KEY },
    });
    expect(again.status).toBe(409);
    expect(((await again.json()) as { code: string }).code).toBe('SETUP_ALREADY_DONE');
    expect(other.cookie).toBeUndefined();
    expect(await (await other.request('GET', '/_auth/session')).json()).toMatchObject({
      setup_required: false,
    });
  });
});

describe('sign-in', () => {
  it('accepts the configured admin, case-insensitively on the email, and refuses a wrong password', async () => {
    sp = await inProcess('memory', ADMIN);
    const web = browserish(sp.signpost);
    const bad = await web.signIn('admin@example.com', 'wrong password');
    expect(bad.status).toBe(401);
    expect(await bad.json()).toMatchObject({ type: 'authentication_error', code: 'INVALID_CREDENTIALS' });
    expect(web.cookie).toBeUndefined();
    const unknown = await web.signIn('nobody@example.com', 'hunter2hunter2');
    expect(unknown.status).toBe(401);
    const ok = await web.signIn('ADMIN@example.com', 'hunter2hunter2');
    expect(ok.status).toBe(200);
    expect(web.cookie).toMatch(/^signpost_session=[\w-]{40,}$/);
    expect(await (await web.request('GET', '/_auth/session')).json()).toMatchObject({
      authenticated: true,
      user: { email: 'admin@example.com' },
      csrf_token: web.csrf,
    });
  });

  it('takes credentials as JSON only, so another site cannot post a sign-in form for a visitor', async () => {
    sp = await inProcess('memory', ADMIN);
    const body = JSON.stringify({ email: 'admin@example.com', password: 'hunter2hunter2' });
    for (const type of [
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
    ]) {
      const r = await sp.signpost.app.request('/_auth/login', {
        method: 'POST',
        headers: { 'content-type': type },
        body,
      });
      expect(r.status, type).toBe(415);
      expect(r.headers.get('set-cookie'), type).toBeNull();
    }
    const json = await sp.signpost.app.request('/_auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body,
    });
    expect(json.status).toBe(200);
  });

  it('sets an HttpOnly, SameSite=Lax cookie, Secure only when the browser came over HTTPS', async () => {
    sp = await inProcess('memory', ADMIN);
    const cookieOf = async (origin: string, headers: Record<string, string> = {}) => {
      const web = browserish(sp!.signpost, origin);
      const r = await web.request('POST', '/_auth/login', {
        body: { email: 'admin@example.com', password: 'hunter2hunter2' },
        headers,
      });
      expect(r.status).toBe(200);
      return r.headers.get('set-cookie') ?? '';
    };
    const plain = await cookieOf('http://localhost');
    expect(plain).toMatch(/HttpOnly/);
    expect(plain).toMatch(/SameSite=Lax/);
    expect(plain).toMatch(/Path=\//);
    expect(plain).not.toMatch(/Secure/);
    expect(await cookieOf('https://signpost.example.com')).toMatch(/; Secure/);
    // Behind an untrusted proxy the header is anyone's to forge, so it is ignored.
    expect(await cookieOf('http://localhost', { 'x-forwarded-proto': 'https' })).not.toMatch(/Secure/);
    await sp.stop();
    sp = await inProcess('memory', { ...ADMIN, SIGNPOST_TRUST_PROXY: 'true' });
    expect(await cookieOf('http://localhost', { 'x-forwarded-proto': 'https' })).toMatch(/; Secure/);
  });

  it('refuses the fifth attempt in a row from one address, even with the right password', async () => {
    sp = await inProcess('memory', { ...ADMIN, SIGNPOST_TRUST_PROXY: 'true' });
    const from = (ip: string) => {
      const web = browserish(sp!.signpost);
      return (password: string) =>
        web.request('POST', '/_auth/login', {
          body: { email: 'admin@example.com', password },
          headers: { 'x-forwarded-for': ip },
        });
    };
    const attacker = from('203.0.113.9');
    for (let i = 0; i < 4; i++) expect((await attacker('guess')).status).toBe(401);
    const fifth = await attacker('hunter2hunter2');
    expect(fifth.status).toBe(429);
    expect(await fifth.json()).toMatchObject({ type: 'throttled_error', code: 'TOO_MANY_LOGIN_ATTEMPTS' });
    expect((await from('198.51.100.7')('hunter2hunter2')).status).toBe(200);
  });
});

describe('session on the API', () => {
  it('reads with the cookie, writes only with the CSRF token, and records the user as actor', async () => {
    sp = await inProcess('memory', ADMIN);
    const web = browserish(sp.signpost);
    await web.signIn('admin@example.com', 'hunter2hunter2');
    expect((await web.request('GET', FLAGS)).status).toBe(200);
    const forged = await web.request('POST', FLAGS, { body: { key: 'x' } });
    expect(forged.status).toBe(403);
    expect(await forged.json()).toMatchObject({ code: 'CSRF_TOKEN_INVALID', type: 'permission_denied' });
    const wrong = await web.request('POST', FLAGS, {
      body: { key: 'x' },
      headers: { 'x-csrf-token': 'nope' },
    });
    expect(wrong.status).toBe(403);
    const created = await web.request('POST', FLAGS, { body: { key: 'x' }, csrf: true });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: number };
    const activity = (await (await web.request('GET', `${FLAGS}${id}/activity`)).json()) as {
      results: { user: { name: string } }[];
    };
    expect(activity.results[0]?.user.name).toBe('admin@example.com');
  });

  it('cannot reach another project', async () => {
    sp = await inProcess('memory', ADMIN);
    const web = browserish(sp.signpost);
    await web.signIn('admin@example.com', 'hunter2hunter2');
    // A project the member has no role in (made with the installation key), and one that does not exist.
    const created = await sp.signpost.app.request('/api/projects/', {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_PERSONAL_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Other' }),
    });
    const other = (await created.json()) as { id: number };
    const r = await web.request('GET', `/api/projects/${other.id}/feature_flags/`);
    expect(r.status).toBe(403);
    expect(await r.json()).toMatchObject({ code: 'PROJECT_ACCESS_DENIED' });
    const missing = await web.request('GET', '/api/projects/999/feature_flags/');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ code: 'PROJECT_NOT_FOUND' });
  });

  it('ends at logout, which itself needs the CSRF token', async () => {
    sp = await inProcess('memory', ADMIN);
    const web = browserish(sp.signpost);
    await web.signIn('admin@example.com', 'hunter2hunter2');
    const cookie = web.cookie;
    expect((await web.request('POST', '/_auth/logout')).status).toBe(403);
    const out = await web.request('POST', '/_auth/logout', { csrf: true });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/signpost_session=;.*Max-Age=0/);
    web.cookie = cookie;
    expect((await web.request('GET', FLAGS)).status).toBe(401);
    expect(await (await web.request('GET', '/_auth/session')).json()).toMatchObject({ authenticated: false });
  });

  it('survives a restart on DuckDB, and a configured password change resets the admin password', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'signpost-auth-'));
    const boot = async (password: string) =>
      createSignpost({
        config: loadConfig({
          SIGNPOST_DATA_DIR: dataDir,
          SIGNPOST_ADMIN_EMAIL: ADMIN.SIGNPOST_ADMIN_EMAIL,
          SIGNPOST_ADMIN_PASSWORD: password,
        }),
        storage: await openDuckDbStorage(dataDir),
        logger: silentLogger,
      });
    try {
      const first = await boot('hunter2hunter2');
      const web = browserish(first);
      expect((await web.signIn('admin@example.com', 'hunter2hunter2')).status).toBe(200);
      await first.close();
      const second = await boot('a new password');
      const again = browserish(second);
      again.cookie = web.cookie;
      expect((await again.request('GET', FLAGS)).status).toBe(200);
      expect((await again.signIn('admin@example.com', 'hunter2hunter2')).status).toBe(401);
      expect((await again.signIn('admin@example.com', 'a new password')).status).toBe(200);
      await second.close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
