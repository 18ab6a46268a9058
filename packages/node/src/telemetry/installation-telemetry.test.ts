import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startTestServer,
  TEST_PROJECT_KEY,
  type TestServer,
} from '../../../server/src/testing/test-server.ts';
import { eventsNamed, eventually } from '../frameworks/testing/server-fixtures.ts';
import { Signpost } from '../index.ts';
import { createTestClient } from '../testing.ts';
import { STATE_FILE } from './installation-state.ts';
import { createInstallationTelemetry, type InstallationTelemetryOptions } from './installation-telemetry.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const run = promisify(execFile);

const platform = {
  name: 'Linux',
  release: '6.1.0-test',
  machine: 'x86_64',
  runtimeVersion: '20.20.2',
  timezone: 'Europe/Berlin',
};

interface PersonJson {
  distinct_ids: string[];
  properties: Record<string, unknown>;
}
interface GroupJson {
  group_key: string;
  group_properties: Record<string, unknown>;
}

describe('installation telemetry against a real Signpost', () => {
  let server: TestServer;
  let stateDir: string;

  beforeAll(async () => {
    server = await startTestServer({ storage: 'memory' });
    stateDir = mkdtempSync(path.join(tmpdir(), 'signpost-telemetry-'));
  });
  afterAll(async () => {
    await server.stop();
    rmSync(stateDir, { recursive: true, force: true });
  });

  /** One run of the app: a fresh client, telemetry started, everything delivered before the "process" ends. */
  async function run(appVersion: string, extra: Partial<InstallationTelemetryOptions> = {}) {
    const client = new Signpost(TEST_PROJECT_KEY, { host: server.url });
    const telemetry = createInstallationTelemetry(client, {
      appVersion,
      stateDir,
      environment: 'production',
      authMethod: 'oidc',
      platform,
      probe: { exists: (p) => p === '/.dockerenv', readFile: () => undefined },
      env: {},
      ...extra,
    });
    const result = await telemetry.start();
    telemetry.stop();
    await client.shutdown();
    return result;
  }

  const person = async (distinctId: string) =>
    (await server.api<{ results: PersonJson[] }>(`/api/projects/@current/persons/?distinct_id=${distinctId}`))
      .results[0];

  async function group(type: string, key: string): Promise<GroupJson> {
    const types = await server.api<Array<{ group_type: string; group_type_index: number }>>(
      '/api/projects/@current/groups_types/',
    );
    const index = types.find((t) => t.group_type === type)?.group_type_index;
    return server.api<GroupJson>(
      `/api/projects/@current/groups/find?group_type_index=${index}&group_key=${key}`,
    );
  }

  it('install → restart → update: one installation, its person, groups and events', async () => {
    const installed = await run('2.8.0');
    expect(installed).toMatchObject({ kind: 'install', persisted: true });
    if (installed.kind === 'disabled') throw new Error('unreachable');
    const id = installed.installationId;
    expect(JSON.parse(readFileSync(path.join(stateDir, STATE_FILE), 'utf8'))).toMatchObject({
      installationId: id,
      version: '2.8.0',
    });

    const install = await eventually(async () => (await eventsNamed(server, 'telemetry.install'))[0]);
    expect(install.distinct_id).toBe(id);
    expect(install.properties).toMatchObject({
      app_version: '2.8.0',
      platform: 'Linux',
      platform_release: '6.1.0-test',
      machine: 'x86_64',
      environment: 'production',
      deployment_method: 'docker',
      auth_method: 'oidc',
      timezone: 'Europe/Berlin',
      $groups: { version: '2.8.0', platform: 'Linux' },
    });

    expect(await run('2.8.0')).toMatchObject({
      kind: 'restart',
      installationId: id,
      previousVersion: '2.8.0',
    });
    expect(await run('3.0.0')).toMatchObject({
      kind: 'update',
      installationId: id,
      previousVersion: '2.8.0',
    });

    const updates = await eventsNamed(server, 'telemetry.update');
    expect(updates.map((e) => [e.distinct_id, e.properties.old_version, e.properties.new_version])).toEqual([
      [id, '2.8.0', '3.0.0'],
    ]);
    expect(await eventsNamed(server, 'telemetry.install')).toHaveLength(1);
    expect(
      (await eventsNamed(server, 'telemetry.health')).map((e) => e.properties.app_version).sort(),
    ).toEqual(['2.8.0', '2.8.0', '3.0.0']);

    const stored = await person(id);
    expect(stored?.properties).toMatchObject({
      current_version: '3.0.0',
      current_platform: 'Linux',
      environment: 'production',
      deployment_method: 'docker',
      auth_method: 'oidc',
      timezone: 'Europe/Berlin',
      // $set_once keeps the first run's answers across the update.
      first_seen_version: '2.8.0',
      first_seen_platform: 'Linux',
      first_seen_runtime_version: '20.20.2',
    });
    expect(Date.parse(String(stored?.properties.last_seen))).toBeGreaterThan(Date.now() - 60_000);

    expect((await group('version', '3.0.0')).group_properties).toEqual({
      version_number: '3.0.0',
      runtime_versions: ['20.20.2'],
    });
    expect((await group('version', '2.8.0')).group_properties).toMatchObject({ version_number: '2.8.0' });
    expect((await group('platform', 'Linux')).group_properties).toEqual({
      platform_name: 'Linux',
      platform_release: '6.1.0-test',
    });
  });
});

describe('installation telemetry without a server', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'signpost-telemetry-unit-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const base = { appVersion: '1.0.0', platform, env: {} };

  it.each([
    ['DO_NOT_TRACK=1', { env: { DO_NOT_TRACK: '1' } }],
    ['DO_NOT_TRACK=true', { env: { DO_NOT_TRACK: 'true' } }],
    ['enabled: false', { enabled: false }],
  ])('sends nothing and writes nothing with %s', async (_name, optOut) => {
    const signpost = createTestClient();
    const stateDir = path.join(dir, `opt-out-${Math.random()}`);
    const telemetry = createInstallationTelemetry(signpost, { ...base, stateDir, ...optOut });
    expect(await telemetry.start()).toEqual({ kind: 'disabled' });
    telemetry.health();
    expect(signpost.events).toEqual([]);
    expect(existsSync(stateDir)).toBe(false);
    expect(telemetry.installationId).toBeUndefined();
  });

  it('keeps sending with DO_NOT_TRACK=0', async () => {
    const signpost = createTestClient();
    const telemetry = createInstallationTelemetry(signpost, {
      ...base,
      stateDir: path.join(dir, 'dnt0'),
      env: { DO_NOT_TRACK: '0' },
    });
    expect((await telemetry.start()).kind).toBe('install');
    expect(signpost.events.map((e) => e.event)).toContain('telemetry.install');
  });

  it('sends no install event when the id cannot be persisted, since the next run would install again', async () => {
    const signpost = createTestClient();
    const blocker = path.join(dir, 'a-file');
    writeFileSync(blocker, 'not a folder');
    const telemetry = createInstallationTelemetry(signpost, {
      ...base,
      stateDir: path.join(blocker, 'state'),
    });
    expect(await telemetry.start()).toMatchObject({ kind: 'install', persisted: false });
    expect(signpost.events.map((e) => e.event)).toEqual([
      '$identify',
      '$groupidentify',
      '$groupidentify',
      'telemetry.health',
    ]);
  });

  it('treats a corrupt state file as a first run', async () => {
    const stateDir = path.join(dir, 'corrupt');
    const first = createInstallationTelemetry(createTestClient(), { ...base, stateDir });
    await first.start();
    writeFileSync(path.join(stateDir, STATE_FILE), '{"installationId": 4');
    const second = createInstallationTelemetry(createTestClient(), { ...base, stateDir });
    const result = await second.start();
    expect(result.kind).toBe('install');
    expect(second.installationId).not.toBe(first.installationId);
  });

  it('repeats telemetry.health on its interval until stopped', async () => {
    const signpost = createTestClient();
    const telemetry = createInstallationTelemetry(signpost, {
      ...base,
      stateDir: path.join(dir, 'health'),
      healthIntervalMs: 40,
    });
    await telemetry.start();
    await new Promise((resolve) => setTimeout(resolve, 250));
    telemetry.stop();
    const beats = signpost.events.filter((e) => e.event === 'telemetry.health').length;
    expect(beats).toBeGreaterThanOrEqual(3);
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(signpost.events.filter((e) => e.event === 'telemetry.health')).toHaveLength(beats);
    telemetry.health({ users: 12 });
    expect(signpost.events.at(-1)?.properties).toMatchObject({ users: 12, app_version: '1.0.0' });
  });

  it('does not keep a process alive that would otherwise exit', async () => {
    const script = path.join(dir, 'exits.mts');
    const module = (name: string) => JSON.stringify(path.join(here, name));
    writeFileSync(
      script,
      `import { createInstallationTelemetry } from ${module('installation-telemetry.ts')};
import { createTestClient } from ${module('../testing.ts')};
const telemetry = createInstallationTelemetry(createTestClient(), { appVersion: '1.0.0', stateDir: ${JSON.stringify(dir)}, env: {} });
await telemetry.start();
console.log('started');
`,
    );
    const started = Date.now();
    const { stdout } = await run(process.execPath, ['--import', 'tsx', script], {
      cwd: here,
      timeout: 20_000,
    });
    expect(stdout.trim()).toBe('started');
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
