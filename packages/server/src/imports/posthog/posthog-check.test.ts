import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../../testing/test-server.ts';
import { posthogSource } from './posthog-source.ts';
import { type FakePosthog, startFakePosthog } from './testing/fake-posthog-api.ts';
import { FAKE_PERSONAL_KEY } from './testing/fake-posthog-data.ts';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function fakePosthog(options: Parameters<typeof startFakePosthog>[0] = {}): Promise<FakePosthog> {
  const fake = await startFakePosthog(options);
  closers.push(fake.close);
  return fake;
}

/** Some other web server, answering every request the same way. */
async function otherServer(status: number, contentType: string, body: string, headers = {}): Promise<string> {
  const server: Server = createServer((_req, res) => {
    res.writeHead(status, { 'content-type': contentType, ...headers });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise((resolve) => server.close(() => resolve())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const checkOf = (host: string, personalApiKey = FAKE_PERSONAL_KEY, projectId?: string) =>
  posthogSource({ host, personalApiKey, ...(projectId ? { projectId } : {}), sleep: async () => {} }).check();

describe('posthogSource check()', () => {
  it('names an unreachable host', async () => {
    const host = `http://127.0.0.1:${await freePort()}`;
    await expect(checkOf(host)).rejects.toMatchObject({
      code: 'POSTHOG_UNREACHABLE',
      message: expect.stringContaining(`cannot reach ${host}`),
    });
  });

  it.each([
    ['a web page', 200, 'text/html', '<html>Welcome</html>'],
    ['a 404 page', 404, 'text/html', '<h1>Not found</h1>'],
    ['JSON that is not a project', 200, 'application/json', '{"ok":true}'],
  ])('tells a host that is not PostHog (%s)', async (_what, status, type, body) => {
    const host = await otherServer(status, type, body);
    await expect(checkOf(host)).rejects.toMatchObject({
      code: 'POSTHOG_NOT_POSTHOG',
      message: expect.stringContaining('does not answer like PostHog'),
    });
  });

  it('says where a redirect goes instead of sending the key after it', async () => {
    const host = await otherServer(301, 'text/html', '', {
      location: 'https://posthog.example.com/api/projects/@current/',
    });
    await expect(checkOf(host)).rejects.toMatchObject({
      code: 'POSTHOG_NOT_POSTHOG',
      message: expect.stringContaining(
        'redirected to https://posthog.example.com; give that address as the host',
      ),
    });
  });

  it('reports a key PostHog refuses, with PostHog’s reason', async () => {
    const fake = await fakePosthog();
    await expect(checkOf(fake.url, 'phx_wrong')).rejects.toMatchObject({
      code: 'POSTHOG_BAD_KEY',
      message: expect.stringContaining(
        '401: Personal API key found in request Authorization header is invalid.',
      ),
    });
  });

  it('refuses a project key before sending it anywhere', async () => {
    const fake = await fakePosthog();
    await expect(checkOf(fake.url, 'phc_project_token')).rejects.toMatchObject({
      code: 'POSTHOG_BAD_KEY',
      message: expect.stringContaining('personal API key (phx_'),
    });
    expect(fake.requests).toEqual([]);
  });

  it('reports a project the key cannot see, and a project id that is not one', async () => {
    const fake = await fakePosthog();
    await expect(checkOf(fake.url, FAKE_PERSONAL_KEY, '999')).rejects.toMatchObject({
      code: 'POSTHOG_PROJECT_NOT_FOUND',
      message: expect.stringContaining('no project 999'),
    });
    await expect(checkOf(fake.url, FAKE_PERSONAL_KEY, '../1')).rejects.toMatchObject({
      code: 'POSTHOG_PROJECT_NOT_FOUND',
    });
  });

  it('finds a missing read scope before the import starts', async () => {
    const fake = await fakePosthog({ forbidden: /\/experiments\/$/ });
    await expect(checkOf(fake.url)).rejects.toMatchObject({
      code: 'POSTHOG_FORBIDDEN',
      message: expect.stringContaining(
        "GET /api/projects/1/experiments/: the key may not read this (403: API key missing required scope 'experiment:read')",
      ),
    });
  });

  it('lets records() yield nothing when the key is bad', async () => {
    const fake = await fakePosthog();
    const source = posthogSource({ host: fake.url, personalApiKey: 'phx_wrong' });
    const yielded: unknown[] = [];
    await expect(
      (async () => {
        for await (const item of source.records(undefined)) yielded.push(item);
      })(),
    ).rejects.toMatchObject({ code: 'POSTHOG_BAD_KEY' });
    expect(yielded).toEqual([]);
  });

  it('passes against PostHog with a good key, reading each kind once', async () => {
    const fake = await fakePosthog();
    await checkOf(fake.url);
    expect(fake.requests.map((r) => `${r.status} ${r.method} ${r.path.replace(/\?.*/, '')}`)).toEqual([
      '200 GET /api/projects/@current/',
      ...['groups_types', 'cohorts', 'feature_flags', 'insights', 'dashboards', 'experiments', 'persons'].map(
        (list) => `200 GET /api/projects/1/${list}/`,
      ),
      '200 POST /api/projects/1/query/',
    ]);
  });
});
