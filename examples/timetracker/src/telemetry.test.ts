import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../packages/server/src/testing/test-server.ts';
import type { AnalyticsSdk } from './config.ts';
import { startApp, storedEvents, storedPerson } from './test-harness.ts';

// Installation telemetry as the guide's "For Installations": one anonymous person per data folder.

describe.each<AnalyticsSdk>(['signpost', 'posthog-node'])('installation telemetry with %s', (sdk) => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('sends telemetry.install with the installation person and groups, then telemetry.update', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'timetracker-telemetry-'));
    const env = { DATA_DIR: dataDir, TELEMETRY: 'on', AUTH_METHOD: 'oidc', APP_ENV: 'production' };
    const first = await startApp(server.url, { sdk, env: { ...env, APP_VERSION: '2.8.0' } });
    await first.stop();
    expect(first.telemetry.kind).toBe('install');
    const id = first.telemetry.kind === 'disabled' ? '' : first.telemetry.installationId;

    const [install] = await storedEvents(server, { event: 'telemetry.install', distinct_id: id });
    expect(install?.properties).toMatchObject({
      environment: 'production',
      auth_method: 'oidc',
      $groups: { version: '2.8.0', platform: expect.any(String) },
    });
    expect(await storedPerson(server, id)).toMatchObject({
      current_version: '2.8.0',
      environment: 'production',
      auth_method: 'oidc',
      first_seen_version: '2.8.0',
      timezone: expect.any(String),
    });

    const second = await startApp(server.url, { sdk, env: { ...env, APP_VERSION: '3.0.0' } });
    await second.stop();
    expect(second.telemetry).toMatchObject({ kind: 'update', installationId: id, previousVersion: '2.8.0' });
    const [update] = await storedEvents(server, { event: 'telemetry.update', distinct_id: id });
    expect(update?.properties).toMatchObject({ old_version: '2.8.0', new_version: '3.0.0' });
    // $set moved on, $set_once kept the first version.
    expect(await storedPerson(server, id)).toMatchObject({
      current_version: '3.0.0',
      first_seen_version: '2.8.0',
    });
    expect((await storedEvents(server, { event: 'telemetry.health', distinct_id: id }, 2)).length).toBe(2);

    const groups = await server.api<{ results: { group_key: string }[] }>(
      '/api/projects/@current/groups/?group_type_index=0',
    );
    expect(groups.results.map((g) => g.group_key).sort()).toEqual(['2.8.0', '3.0.0']);
  });

  it('sends and writes nothing with TELEMETRY=off', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'timetracker-telemetry-'));
    const app = await startApp(server.url, { sdk, env: { DATA_DIR: dataDir, TELEMETRY: 'off' } });
    await app.stop();
    expect(app.telemetry).toEqual({ kind: 'disabled' });
    expect(existsSync(dataDir) ? readdirSync(dataDir) : []).toEqual([]);
  });
});
