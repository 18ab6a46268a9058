import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type InProcess, inProcess } from '../testing/in-process.ts';
import { TEST_PERSONAL_KEY } from '../testing/test-server.ts';
import { browserish } from './auth-test-client.ts';

const KEYS = '/api/personal_api_keys/';

describe('personal API keys', () => {
  let sp: InProcess;
  beforeAll(async () => {
    sp = await inProcess('memory', {
      SIGNPOST_ADMIN_EMAIL: 'admin@example.com',
      SIGNPOST_ADMIN_PASSWORD: 'hunter2hunter2',
    });
  });
  afterAll(async () => {
    await sp.stop();
  });

  const withKey = (key: string, method = 'GET', path = '/api/projects/@current/feature_flags/') =>
    sp.signpost.app.request(path, { method, headers: { authorization: `Bearer ${key}` } });

  it('are created from a session, shown once, listed by prefix only, and stop working when revoked', async () => {
    const web = browserish(sp.signpost);
    await web.signIn('admin@example.com', 'hunter2hunter2');
    const created = await web.request('POST', KEYS, { body: { label: 'CI deploys' }, csrf: true });
    expect(created.status).toBe(201);
    const key = (await created.json()) as { id: string; value: string; mask_value: string };
    expect(key.value).toMatch(/^phx_[A-Za-z0-9]{43}$/);
    expect(key.mask_value).toBe(`${key.value.slice(0, 8)}…`);
    expect((await withKey(key.value)).status).toBe(200);

    const listed = await (await web.request('GET', KEYS)).text();
    expect(listed).toContain('CI deploys');
    expect(listed).toContain(key.mask_value);
    expect(listed).not.toContain(key.value);

    expect((await web.request('DELETE', `${KEYS}${key.id}`)).status).toBe(403);
    expect((await web.request('DELETE', `${KEYS}${key.id}`, { csrf: true })).status).toBe(204);
    const revoked = await withKey(key.value);
    expect(revoked.status).toBe(401);
    expect(await revoked.json()).toMatchObject({ code: 'INVALID_PERSONAL_KEY' });
    expect((await web.request('DELETE', `${KEYS}${key.id}`, { csrf: true })).status).toBe(404);
    expect(await (await web.request('GET', KEYS)).text()).not.toContain('CI deploys');
  });

  it('can be managed with a personal key too, which never needs a CSRF token', async () => {
    const created = await sp.signpost.app.request(KEYS, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_PERSONAL_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ label: 'scripts' }),
    });
    expect(created.status).toBe(201);
    const { id, value } = (await created.json()) as { id: string; value: string };
    expect((await withKey(TEST_PERSONAL_KEY, 'DELETE', `${KEYS}${id}`)).status).toBe(204);
    expect((await withKey(value)).status).toBe(401);
  });

  it('need a label', async () => {
    const r = await sp.signpost.app.request(KEYS, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_PERSONAL_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ label: ' ' }),
    });
    expect(r.status).toBe(400);
    expect(await r.json()).toMatchObject({ code: 'INVALID_BODY', attr: 'label' });
  });
});
