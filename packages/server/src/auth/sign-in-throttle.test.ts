import { afterEach, describe, expect, it } from 'vitest';
import { type InProcess, inProcess } from '../testing/in-process.ts';
import { TEST_PERSONAL_KEY } from '../testing/test-server.ts';

/**
 * The sign-in throttle over HTTP with real scrypt hashing. A 401 means the password was hashed and compared; a
 * 429 means it was refused before any hashing, so counting answers counts hashes.
 */
const ADMIN = { SIGNPOST_ADMIN_EMAIL: 'admin@example.com', SIGNPOST_ADMIN_PASSWORD: 'hunter2hunter2' };
const RIGHT = 'hunter2hunter2';

let sp: InProcess | undefined;
afterEach(async () => {
  await sp?.stop();
  sp = undefined;
});

const post = (path: string, body: unknown, ip?: string) =>
  sp!.signpost.app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(ip ? { 'x-forwarded-for': ip } : {}) },
    body: JSON.stringify(body),
  });
const login = (password: string, ip?: string) =>
  post('/_auth/login', { email: 'admin@example.com', password }, ip);

async function statuses(responses: (Response | Promise<Response>)[]) {
  const all = await Promise.all(responses);
  const count = (status: number) => all.filter((r) => r.status === status).length;
  return { all, unauthorized: count(401), throttled: count(429) };
}

describe('sign-in throttle', () => {
  it('hashes at most two of 100 parallel guesses from one address, and the admin elsewhere gets straight in', async () => {
    sp = await inProcess('memory', { ...ADMIN, SIGNPOST_TRUST_PROXY: 'true' });
    const burst = await statuses(Array.from({ length: 100 }, () => login('guess', '203.0.113.9')));
    expect(burst.unauthorized).toBeGreaterThan(0);
    expect(burst.unauthorized).toBeLessThanOrEqual(2);
    expect(burst.throttled).toBe(100 - burst.unauthorized);
    const refused = burst.all.find((r) => r.status === 429);
    expect(await refused?.json()).toMatchObject({ type: 'throttled_error', code: 'TOO_MANY_LOGIN_ATTEMPTS' });
    expect(Number(refused?.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await login(RIGHT, '198.51.100.7')).status).toBe(200);
  });

  it('hashes at most two of 100 parallel guesses from 100 addresses, and the admin gets in right after', async () => {
    sp = await inProcess('memory', { ...ADMIN, SIGNPOST_TRUST_PROXY: 'true' });
    const burst = await statuses(Array.from({ length: 100 }, (_, i) => login('guess', `10.0.${i}.1`)));
    expect(burst.unauthorized).toBeLessThanOrEqual(2);
    expect(burst.throttled).toBeGreaterThanOrEqual(98);
    expect((await login(RIGHT, '198.51.100.7')).status).toBe(200);
  });

  it('caps the account rate for new addresses but never for one the admin signed in from', async () => {
    sp = await inProcess('memory', { ...ADMIN, SIGNPOST_TRUST_PROXY: 'true' });
    expect((await login(RIGHT, '192.0.2.1')).status).toBe(200);
    const answers: number[] = [];
    for (let i = 0; i < 12; i++) answers.push((await login('guess', `10.1.${i}.1`)).status);
    // Ten tokens in the clean lane, one spent by the admin: nine guesses hashed, then refusals.
    expect(answers).toEqual([...Array(9).fill(401), 429, 429, 429]);
    const stranger = await login(RIGHT, '10.2.0.1');
    expect(stranger.status).toBe(429);
    expect(Number(stranger.headers.get('retry-after'))).toBeLessThanOrEqual(6);
    expect((await login(RIGHT, '192.0.2.1')).status).toBe(200);
  });

  it('ignores X-Forwarded-For unless told to trust the proxy, so forged addresses do not buy guesses', async () => {
    sp = await inProcess('memory', ADMIN);
    const answers: number[] = [];
    for (let i = 0; i < 6; i++) answers.push((await login('guess', `10.3.${i}.1`)).status);
    expect(answers).toEqual([401, 401, 401, 401, 429, 429]);
  });

  it('throttles first-run setup keys per address too', async () => {
    sp = await inProcess('memory', { SIGNPOST_TRUST_PROXY: 'true' });
    const setup = (key: string, ip: string) =>
      post('/_auth/setup', { email: 'me@x.io', password: 'long enough', personal_api_key: key }, ip);
    for (let i = 0; i < 4; i++) expect((await setup(`phx_guess_${i}`, '203.0.113.9')).status).toBe(403);
    const locked = await setup(TEST_PERSONAL_KEY, '203.0.113.9');
    expect(locked.status).toBe(429);
    expect(locked.headers.get('retry-after')).toBe(String(15 * 60));
    expect((await setup(TEST_PERSONAL_KEY, '198.51.100.7')).status).toBe(201);
  });
});
