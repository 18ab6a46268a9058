import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { PUBLIC_EARLY_ACCESS_PATH } from '../early-access/public-early-access-routes.ts';
import { StartupRefusedError } from '../projects/project-service.ts';
import { createSignpost } from '../server.ts';
import { openDuckDbStorage } from '../storage/duckdb/duckdb-storage.ts';
import { type InProcess, inProcess, STORAGE_KINDS } from '../testing/in-process.ts';
import { TEST_PERSONAL_KEY, TEST_PROJECT_KEY, TEST_SECRET_KEY } from '../testing/test-server.ts';
import { silentLogger } from '../util/logger.ts';

interface KeyJson {
  id: string;
  label: string;
  mask_value: string;
  expires_at: string | null;
  is_expired: boolean;
  value?: string;
  previous?: KeyJson;
}

const BASE = '/api/projects/@current/project_secret_api_keys/';

describe.each(STORAGE_KINDS)('project secret keys (%s)', (kind) => {
  let sp: InProcess;
  const call = (pathname: string, key: string, init: RequestInit = {}) =>
    sp.signpost.app.request(pathname, {
      ...init,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...init.headers },
    });
  const admin = async <T>(
    method: string,
    pathname: string,
    body?: unknown,
  ): Promise<{ status: number; json: T }> => {
    const response = await call(pathname, TEST_PERSONAL_KEY, {
      method,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, json: (text ? JSON.parse(text) : undefined) as T };
  };
  const definitionsWith = async (key: string) => (await call('/flags/definitions', key)).status;

  beforeAll(async () => {
    sp = await inProcess(kind);
    const flag = await admin('POST', '/api/projects/@current/feature_flags/', {
      key: 'rc',
      is_remote_configuration: true,
      filters: { groups: [{ rollout_percentage: 100 }], payloads: { true: '{"x":1}' } },
    });
    expect(flag.status).toBe(201);
    const everyone = await admin('POST', '/api/projects/@current/feature_flags/', {
      key: 'everyone',
      filters: { groups: [{ rollout_percentage: 100 }] },
    });
    expect(everyone.status).toBe(201);
  });
  afterAll(async () => {
    await sp.stop();
  });

  it('reads definitions, local_evaluation and remote config, and nothing else under /api', async () => {
    const defs = await call('/flags/definitions?token=x', TEST_SECRET_KEY);
    expect(defs.status).toBe(200);
    expect(((await defs.json()) as { flags: { key: string }[] }).flags.map((f) => f.key)).toContain(
      'everyone',
    );
    expect((await call('/api/feature_flag/local_evaluation', TEST_SECRET_KEY)).status).toBe(200);
    expect(
      (await call('/api/projects/@current/feature_flags/local_evaluation', TEST_SECRET_KEY)).status,
    ).toBe(200);
    const rc = await call('/api/projects/@current/feature_flags/rc/remote_config/', TEST_SECRET_KEY);
    expect(rc.status).toBe(200);
    expect(await rc.json()).toBe('{"x":1}');

    const allowed = [/\/flags\/definitions$/, /local_evaluation$/, /remote_config$/];
    const routes = sp.signpost.app.routes.filter(
      // posthog-js reads early-access features with the public project key: the one /api path outside keys.
      (r) =>
        r.path.startsWith('/api/') &&
        r.path !== PUBLIC_EARLY_ACCESS_PATH &&
        r.method !== 'ALL' &&
        !r.path.endsWith('*'),
    );
    let refused = 0;
    for (const route of routes) {
      if (route.method === 'GET' && allowed.some((a) => a.test(route.path))) continue;
      const pathname = route.path.replace(':projectId', '@current').replace(/:[a-zA-Z]+/g, '1');
      const response = await call(pathname, TEST_SECRET_KEY, { method: route.method });
      expect(response.status, `${route.method} ${route.path}`).toBe(403);
      expect(((await response.json()) as { code: string }).code).toBe('SECRET_KEY_NOT_ALLOWED');
      refused++;
    }
    expect(refused).toBeGreaterThan(40);
    // Writing a flag through a path that also matches the allow-list's shape is still refused.
    const write = await call('/api/projects/@current/feature_flags/rc/remote_config/', TEST_SECRET_KEY, {
      method: 'POST',
      body: '{}',
    });
    expect(write.status).toBe(403);
  });

  it('is refused as a flags token, and a phs key never reaches /flags evaluation', async () => {
    const response = await sp.signpost.app.request('/flags?v=2', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: TEST_SECRET_KEY, distinct_id: 'u' }),
    });
    expect(response.status).toBe(401);
    expect(((await response.json()) as { code: string }).code).toBe('PERSONAL_KEY_AS_TOKEN');
  });

  it('creates keys shown once, lists them masked, and revokes them at once', async () => {
    const created = await admin<KeyJson>('POST', BASE, { label: 'api servers' });
    expect(created.status).toBe(201);
    const secret = created.json.value ?? '';
    expect(secret).toMatch(/^phs_[A-Za-z0-9]{43}$/);
    expect(await definitionsWith(secret)).toBe(200);

    const list = await admin<{ results: KeyJson[] }>('GET', BASE);
    const listed = list.json.results.find((k) => k.id === created.json.id);
    expect(listed).toMatchObject({
      label: 'api servers',
      mask_value: `${secret.slice(0, 8)}…`,
      expires_at: null,
    });
    expect(JSON.stringify(list.json)).not.toContain(secret);
    expect(list.json.results.map((k) => k.label)).toContain('Local evaluation');

    expect((await admin('DELETE', `${BASE}${created.json.id}/`)).status).toBe(204);
    const after = await call('/flags/definitions', secret);
    expect(after.status).toBe(401);
    expect(((await after.json()) as { code: string }).code).toBe('INVALID_SECRET_KEY');
    expect((await admin<{ code: string }>('DELETE', `${BASE}${created.json.id}/`)).json.code).toBe(
      'SECRET_KEY_NOT_FOUND',
    );
  });

  it('rolls with an overlap: both keys work until the chosen time, then only the new one', async () => {
    const created = await admin<KeyJson>('POST', BASE, {});
    const oldSecret = created.json.value ?? '';
    const until = new Date(Date.now() + 1_200).toISOString();
    const rolled = await admin<KeyJson>('POST', `${BASE}${created.json.id}/roll/`, {
      previous_key_expires_at: until,
    });
    expect(rolled.status).toBe(201);
    const newSecret = rolled.json.value ?? '';
    expect(newSecret).not.toBe(oldSecret);
    expect(rolled.json.previous).toMatchObject({ id: created.json.id, expires_at: until, is_expired: false });
    expect(await definitionsWith(oldSecret)).toBe(200);
    expect(await definitionsWith(newSecret)).toBe(200);

    await new Promise((resolve) => setTimeout(resolve, 1_300));
    const expired = await call('/flags/definitions', oldSecret);
    expect(expired.status).toBe(401);
    expect(((await expired.json()) as { code: string }).code).toBe('SECRET_KEY_EXPIRED');
    expect(await definitionsWith(newSecret)).toBe(200);
    const listed = (await admin<{ results: KeyJson[] }>('GET', BASE)).json.results;
    expect(listed.find((k) => k.id === created.json.id)?.is_expired).toBe(true);
  });

  it('rolls with a 24 h overlap by default and refuses windows in the past or beyond 30 days', async () => {
    const created = await admin<KeyJson>('POST', BASE, { label: 'default overlap' });
    const before = Date.now();
    const rolled = await admin<KeyJson>('POST', `${BASE}${created.json.id}/roll/`);
    const expiresAt = Date.parse(rolled.json.previous?.expires_at ?? '');
    expect(expiresAt - before).toBeGreaterThanOrEqual(24 * 3600_000 - 1_000);
    expect(expiresAt - before).toBeLessThanOrEqual(24 * 3600_000 + 5_000);

    for (const previous_key_expires_at of [
      new Date(Date.now() - 60_000).toISOString(),
      new Date(Date.now() + 31 * 24 * 3600_000).toISOString(),
      'tomorrow',
    ]) {
      const refused = await admin<{ code: string; attr: string }>('POST', `${BASE}${rolled.json.id}/roll/`, {
        previous_key_expires_at,
      });
      expect(refused.status, previous_key_expires_at).toBe(400);
      expect(refused.json).toMatchObject({ code: 'INVALID_BODY', attr: 'previous_key_expires_at' });
    }
    expect((await admin('POST', `${BASE}no-such-key/roll/`)).status).toBe(404);
    expect((await admin('POST', BASE, { label: '' })).status).toBe(400);
  });

  it('cannot be managed with a project key or a secret key', async () => {
    expect((await call(BASE, TEST_PROJECT_KEY)).status).toBe(403);
    const bySecret = await call(BASE, TEST_SECRET_KEY, { method: 'POST', body: '{}' });
    expect(bySecret.status).toBe(403);
  });
});

describe('project secret keys across restarts', () => {
  it('keeps keys and their expiry, and refuses to start with a configured key the folder does not hold', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'signpost-phs-'));
    const env = {
      SIGNPOST_DATA_DIR: dataDir,
      SIGNPOST_PROJECT_API_KEY: TEST_PROJECT_KEY,
      SIGNPOST_PERSONAL_API_KEY: TEST_PERSONAL_KEY,
    };
    try {
      const announced: string[] = [];
      const first = await createSignpost({
        config: loadConfig(env),
        storage: await openDuckDbStorage(dataDir),
        logger: silentLogger,
        announce: (lines) => announced.push(...lines),
      });
      const printed = /(phs_\S+)/.exec(announced.join('\n'))?.[1] ?? '';
      expect(printed).toMatch(/^phs_/);
      const headers = { authorization: `Bearer ${TEST_PERSONAL_KEY}` };
      const list = (await (await first.app.request(BASE, { headers })).json()) as { results: KeyJson[] };
      const rolled = await first.app.request(`${BASE}${list.results[0]?.id}/roll/`, {
        method: 'POST',
        headers,
      });
      const successor = ((await rolled.json()) as KeyJson).value ?? '';
      await first.close();

      const second = await createSignpost({
        config: loadConfig({ ...env, SIGNPOST_PROJECT_SECRET_KEY: successor }),
        storage: await openDuckDbStorage(dataDir),
        logger: silentLogger,
      });
      for (const key of [printed, successor]) {
        const response = await second.app.request('/flags/definitions', {
          headers: { authorization: `Bearer ${key}` },
        });
        expect(response.status).toBe(200);
      }
      const listed = (await (await second.app.request(BASE, { headers })).json()) as { results: KeyJson[] };
      expect(listed.results.filter((k) => k.expires_at !== null)).toHaveLength(1);
      await second.close();

      const storage = await openDuckDbStorage(dataDir);
      await expect(
        createSignpost({
          config: loadConfig({ ...env, SIGNPOST_PROJECT_SECRET_KEY: 'phs_not_a_key_of_this_folder' }),
          storage,
          logger: silentLogger,
        }),
      ).rejects.toBeInstanceOf(StartupRefusedError);
      await storage.close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
