import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startTestServer,
  TEST_PERSONAL_KEY,
  TEST_PROJECT_KEY,
  type TestServer,
} from '../../../server/src/testing/test-server.ts';
import { Signpost } from '../index.ts';
import { createInstallationTelemetry, type TelemetryStart } from './installation-telemetry.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const exec = promisify(execFile);

interface Note {
  id: number;
  content: string;
  date_marker: string;
}

describe('version annotations from installation telemetry, against a real Signpost', () => {
  let server: TestServer;
  let dir: string;

  beforeAll(async () => {
    server = await startTestServer({ storage: 'duckdb' });
    dir = mkdtempSync(path.join(tmpdir(), 'signpost-version-notes-'));
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const notes = async (content: string) =>
    (
      await server.api<{ results: Note[] }>(
        `/api/projects/@current/annotations/?search=${encodeURIComponent(content)}`,
      )
    ).results.filter((n) => n.content === content);

  /** One app process: its own client and telemetry, started, delivered and stopped. */
  const script = (installation: string, version: string) => `
import { Signpost } from ${JSON.stringify(path.join(here, '../index.ts'))};
import { createInstallationTelemetry } from ${JSON.stringify(path.join(here, 'installation-telemetry.ts'))};
const client = new Signpost(${JSON.stringify(TEST_PROJECT_KEY)}, { host: ${JSON.stringify(server.url)} });
const telemetry = createInstallationTelemetry(client, {
  appVersion: ${JSON.stringify(version)}, appName: 'TimeTracker', env: {}, healthIntervalMs: 0,
  stateDir: ${JSON.stringify(path.join(dir, installation))},
  annotateVersions: true,
  annotationApi: { host: ${JSON.stringify(server.url)}, personalApiKey: ${JSON.stringify(TEST_PERSONAL_KEY)} },
});
const result = await telemetry.start();
await client.shutdown();
console.log(JSON.stringify(result));
`;
  async function processRun(installation: string, version: string): Promise<TelemetryStart> {
    const file = path.join(dir, `${installation}-${version}.mts`);
    writeFileSync(file, script(installation, version));
    const { stdout } = await exec(process.execPath, ['--import', 'tsx', file], {
      cwd: here,
      timeout: 30_000,
    });
    return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as TelemetryStart;
  }

  it('two processes updating to the same new version leave exactly one annotation', async () => {
    expect(await processRun('a', '2.8.0')).toMatchObject({ kind: 'install', annotation: 'created' });
    expect(await processRun('b', '2.8.0')).toMatchObject({ kind: 'install', annotation: 'existing' });

    const before = Date.now();
    const both = await Promise.all([processRun('a', '2.9.0'), processRun('b', '2.9.0')]);
    expect(both.map((r) => r.kind)).toEqual(['update', 'update']);
    const outcomes = both.map((r) => (r.kind === 'disabled' ? undefined : r.annotation)).sort();
    expect(outcomes).toEqual(['created', 'existing']);
    const released = await notes('TimeTracker 2.9.0 released');
    expect(released).toHaveLength(1);
    expect(Date.parse(released[0]?.date_marker ?? '')).toBeGreaterThanOrEqual(before - 1000);
    expect(await notes('TimeTracker 2.8.0 released')).toHaveLength(1);

    // A restart has seen its version: no look-up at all.
    const restart = await processRun('a', '2.9.0');
    expect(restart).toMatchObject({ kind: 'restart' });
    expect(restart).not.toHaveProperty('annotation');
  }, 90_000);

  it('reports a refused write as failed and still starts; without an API it refuses the option', async () => {
    const key = await fetch(`${server.url}/api/personal_api_keys/`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_PERSONAL_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ label: 'read only', scopes: ['annotation:read'] }),
    });
    const readOnly = ((await key.json()) as { value: string }).value;
    const client = new Signpost(TEST_PROJECT_KEY, { host: server.url });
    const telemetry = createInstallationTelemetry(client, {
      appVersion: '4.0.0',
      appName: 'TimeTracker',
      env: {},
      healthIntervalMs: 0,
      stateDir: path.join(dir, 'read-only'),
      annotateVersions: true,
      annotationApi: { host: server.url, personalApiKey: readOnly },
    });
    expect(await telemetry.start()).toMatchObject({ kind: 'install', annotation: 'failed' });
    await client.shutdown();
    expect(await notes('TimeTracker 4.0.0 released')).toEqual([]);

    expect(() =>
      createInstallationTelemetry(client, { appVersion: '1', stateDir: dir, annotateVersions: true }),
    ).toThrow(/annotationApi/);
  });
});
