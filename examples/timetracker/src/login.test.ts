import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../packages/server/src/testing/test-server.ts';
import type { AnalyticsSdk } from './config.ts';
import { AppUser, startApp, storedEvents, storedPerson } from './test-harness.ts';
import type { RunningTimetracker } from './timetracker.ts';

// The guide's user analytics, end to end: the app on each SDK against a real Signpost, read back through the API.

describe.each<AnalyticsSdk>(['signpost', 'posthog-node'])('user analytics with %s', (sdk) => {
  let server: TestServer;
  let app: RunningTimetracker;

  beforeAll(async () => {
    server = await startTestServer();
    app = await startApp(server.url, { sdk });
  });
  afterAll(async () => {
    await app?.stop();
    await server?.stop();
  });

  it('identifies on login with $set / $set_once and records auth.login', async () => {
    const alice = new AppUser(app.url);
    await alice.login('alice', 'oidc');
    await app.analytics.flush();
    const first = await storedPerson(server, 'u-alice');
    expect(first).toMatchObject({
      role: 'admin',
      is_admin: true,
      auth_method: 'oidc',
      signup_method: 'local',
    });
    expect(first?.first_login).toBe(first?.last_login);

    await new Promise((resolve) => setTimeout(resolve, 20));
    await new AppUser(app.url).login('alice', 'local');
    await app.analytics.flush();
    const second = await storedPerson(server, 'u-alice');
    // $set follows the latest login, $set_once keeps the first.
    expect(second?.auth_method).toBe('local');
    expect(second?.first_login).toBe(first?.first_login);
    expect(String(second?.last_login) > String(first?.last_login)).toBe(true);

    const logins = await storedEvents(server, { event: 'auth.login', distinct_id: 'u-alice' }, 2);
    expect(logins.map((e) => e.properties.auth_method).sort()).toEqual(['local', 'oidc']);
    expect(logins[0]?.properties).toMatchObject({
      role: 'admin',
      $browser: 'Chrome',
      $os: 'Linux',
      $device_type: 'Desktop',
      $host: new URL(app.url).host,
      environment: 'test',
      app_version: '3.0.0',
    });
    expect(['docker', 'native']).toContain(logins[0]?.properties.deployment_method);
  });

  it('refuses a wrong password and sends nothing for it', async () => {
    const reply = await new AppUser(app.url).post('/login', { username: 'bob', password: 'nope' });
    expect(reply.status).toBe(401);
    expect(reply.json()).toMatchObject({ code: 'INVALID_CREDENTIALS' });
    await app.analytics.flush();
    expect(await storedEvents(server, { event: 'auth.login', distinct_id: 'u-bob' }, 0)).toEqual([]);
  });

  it('sends project.created, timer.started, timer.stopped and export.csv with request context', async () => {
    const bob = new AppUser(app.url);
    await bob.login('bob');
    const project = (await bob.post('/api/projects', { name: 'Client, "A"' })).json<{ id: string }>();
    expect((await bob.get('/api/projects')).json()).toMatchObject({ results: [{ id: project.id }] });
    expect((await bob.post('/api/timer/start', { projectId: project.id })).status).toBe(201);
    expect((await bob.post('/api/timer/start', { projectId: project.id })).status).toBe(409);
    expect((await bob.post('/api/timer/stop')).status).toBe(200);
    const csv = await bob.get('/api/export/csv');
    expect(csv.status).toBe(200);
    expect(csv.text.split('\r\n')[1]).toMatch(/^"Client, ""A""",/);
    await app.analytics.flush();

    const expected = [
      ['project.created', '/api/projects'],
      ['timer.started', '/api/timer/start'],
      ['timer.stopped', '/api/timer/stop'],
      ['export.csv', '/api/export/csv'],
    ] as const;
    for (const [event, pathname] of expected) {
      const [stored] = await storedEvents(server, { event, distinct_id: 'u-bob' });
      expect(stored?.properties, event).toMatchObject({
        $pathname: pathname,
        $current_url: `${app.url}${pathname}`,
        $browser: 'Chrome',
        environment: 'test',
        app_version: '3.0.0',
      });
    }
    const [stopped] = await storedEvents(server, { event: 'timer.stopped', distinct_id: 'u-bob' });
    expect(stopped?.properties).toMatchObject({ project_id: project.id, duration_seconds: 0 });
    const [exported] = await storedEvents(server, { event: 'export.csv', distinct_id: 'u-bob' });
    expect(exported?.properties.rows).toBe(1);
    const clicks = await storedEvents(server, { event: '$feature_interaction', distinct_id: 'u-bob' }, 2);
    expect(clicks.find((e) => e.properties.action === 'clicked_export_button')?.properties).toMatchObject({
      $feature_flag: 'new-dashboard',
      export_type: 'csv',
      rows: 1,
    });
  });
});
