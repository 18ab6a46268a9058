import { spawn } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { PostHog } from 'posthog-node';
import { afterAll, describe, expect, it } from 'vitest';
import { type SpawnedServer, spawnServer } from '../testing/spawn-server.ts';

/**
 * Online backup end to end, with real processes: a server ingests from posthog-node clients while
 * `npm run backup` asks it for a backup; the backup is restored by `npm run restore` into a fresh folder and a
 * server started on it must hold every event acknowledged before the backup began, and answer /flags for the old
 * project key as the original did.
 */

const PROJECT_KEY = 'phc_backup_test_project_key';
const PERSONAL_KEY = 'phx_backup_test_personal_key';
const USERS = 40;
const SENDERS = 3;
const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const CLI = path.join(REPO_ROOT, 'packages/server/src/cli');

const root = mkdtempSync(path.join(tmpdir(), 'signpost-backup-'));
const servers: SpawnedServer[] = [];
afterAll(() => {
  for (const s of servers)
    if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGKILL');
  rmSync(root, { recursive: true, force: true });
});

const env = (dataDir: string, keys = true): NodeJS.ProcessEnv => ({
  ...process.env,
  SIGNPOST_DATA_DIR: dataDir,
  ...(keys ? { SIGNPOST_PROJECT_API_KEY: PROJECT_KEY, SIGNPOST_PERSONAL_API_KEY: PERSONAL_KEY } : {}),
});

/** Runs one of the CLI commands as `npm run <command>` does; resolves with its exit code and output. */
function cli(command: string, args: string[], dataDir: string) {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(CLI, `${command}-command.ts`), ...args],
    {
      cwd: REPO_ROOT,
      env: { ...env(dataDir, false), SIGNPOST_PORT: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    out += d.toString();
  });
  return new Promise<{ code: number | null; out: string }>((resolve) =>
    child.once('close', (code) => resolve({ code, out })),
  );
}

const api = async (url: string, p: string, body?: unknown) => {
  const response = await fetch(`${url}${p}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${PERSONAL_KEY}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(response.status, await response.clone().text()).toBeLessThan(300);
  return (await response.json()) as Record<string, unknown>;
};

async function flagsOf(url: string): Promise<string[]> {
  const answers: string[] = [];
  for (let i = 0; i < USERS; i++) {
    const response = await fetch(`${url}/flags/?v=2`, {
      method: 'POST',
      body: JSON.stringify({ token: PROJECT_KEY, distinct_id: `user-${i}` }),
    });
    const flags = ((await response.json()) as { flags: Record<string, { enabled: boolean }> }).flags;
    answers.push(
      `user-${i}: ${Object.keys(flags)
        .sort()
        .map((k) => `${k}=${flags[k]?.enabled}`)
        .join(' ')}`,
    );
  }
  return answers;
}

/** posthog-node's `fetch`, recording the uuids of every batch the server acknowledged with a 200. */
function ackingFetch(acked: string[]): typeof fetch {
  return async (input, init) => {
    const response = await fetch(input, init);
    if (new URL(String(input)).pathname.startsWith('/batch') && response.status === 200) {
      const body = JSON.parse(String(init?.body)) as { batch: { uuid: string }[] };
      acked.push(...body.batch.map((e) => e.uuid));
    }
    return response;
  };
}

async function storedUuids(dataDir: string): Promise<Set<string>> {
  const instance = await DuckDBInstance.create(path.join(dataDir, 'signpost.duckdb'));
  try {
    const c = await instance.connect();
    const rows = (await c.runAndReadAll('SELECT uuid::VARCHAR FROM events')).getRowsJS();
    c.closeSync();
    return new Set(rows.map((r) => String(r[0])));
  } finally {
    instance.closeSync();
  }
}

describe('online backup and restore', () => {
  const source = path.join(root, 'source');
  const backupDir = path.join(root, 'backup');
  const restored = path.join(root, 'restored');
  let flagsBefore: string[] = [];

  it('backs up under posthog-node load; the restored copy holds every event acknowledged before it', async () => {
    const first = await spawnServer(env(source));
    servers.push(first);
    const cohort = await api(first.url, '/api/projects/@current/cohorts/', {
      name: 'Early users',
      is_static: true,
      distinct_ids: ['user-1', 'user-2', 'user-3'],
    });
    await api(first.url, '/api/projects/@current/feature_flags/', {
      key: 'early',
      filters: {
        groups: [{ properties: [{ key: 'id', type: 'cohort', value: cohort.id }], rollout_percentage: 100 }],
      },
    });
    await api(first.url, '/api/projects/@current/feature_flags/', {
      key: 'pro',
      filters: {
        groups: [
          {
            properties: [{ key: 'plan', type: 'person', value: 'pro', operator: 'exact' }],
            rollout_percentage: 100,
          },
        ],
      },
    });
    await api(first.url, '/api/projects/@current/feature_flags/', {
      key: 'half',
      filters: { groups: [{ properties: [], rollout_percentage: 50 }] },
    });
    // Every user exists with a stable plan before the stream, so /flags has one right answer on both servers.
    const setup = new PostHog(PROJECT_KEY, { host: first.url, flushAt: 100, disableCompression: true });
    for (let i = 0; i < USERS; i++)
      setup.capture({
        distinctId: `user-${i}`,
        event: 'signed up',
        properties: { $set: { plan: i % 3 ? 'free' : 'pro' } },
      });
    await setup.shutdown();
    flagsBefore = await flagsOf(first.url);
    expect(flagsBefore.filter((l) => l.includes('pro=true')).length).toBe(Math.ceil(USERS / 3));

    const acked: string[] = [];
    let stop = false;
    const senders = Array.from({ length: SENDERS }, async (_, s) => {
      const client = new PostHog(PROJECT_KEY, {
        host: first.url,
        flushAt: 50,
        flushInterval: 20,
        disableCompression: true,
        fetch: ackingFetch(acked),
      });
      for (let n = 0; !stop; n++) {
        client.capture({
          distinctId: `user-${(n * 7 + s) % USERS}`,
          event: 'page viewed',
          properties: { n, s },
        });
        // About 1,000 events a second per client: a steady stream the server keeps up with, not a backlog.
        if (n % 20 === 19) await new Promise((r) => setTimeout(r, 20));
      }
      await client.shutdown(10_000);
    });
    await new Promise((r) => setTimeout(r, 1500));
    // Acknowledged before the backup was asked for: these must all be in it.
    const ackedBefore = [...acked];
    const backupStarted = performance.now();
    const backup = await cli(
      'backup',
      ['--to', backupDir, '--url', first.url, '--key', PERSONAL_KEY],
      source,
    );
    const backupMs = performance.now() - backupStarted;
    const ackedDuring = acked.length - ackedBefore.length;
    await new Promise((r) => setTimeout(r, 300));
    stop = true;
    await Promise.all(senders);
    expect(backup.code, backup.out).toBe(0);
    expect(ackedBefore.length).toBeGreaterThan(500);
    // The server kept acknowledging while the backup ran (it was not stopped or locked for it).
    expect(ackedDuring).toBeGreaterThan(0);
    console.log(
      `backup: ${ackedBefore.length} events acked before, ${ackedDuring} acked during the ${backupMs.toFixed(0)} ms backup command (including the CLI's own start), ${acked.length} in all`,
    );
    const health = (await (await fetch(`${first.url}/_health`)).json()) as { last_backup: { ok: boolean } };
    expect(health.last_backup.ok).toBe(true);
    first.child.kill('SIGTERM');
    expect((await first.exited).code).toBe(0);

    const restore = await cli('restore', ['--from', backupDir, '--data-dir', restored], restored);
    expect(restore.code, restore.out).toBe(0);
    // No keys in the environment: the phc key, persons, cohort and flags all come from the restored file.
    const second = await spawnServer(env(restored, false));
    servers.push(second);
    expect(await flagsOf(second.url)).toEqual(flagsBefore);
    second.child.kill('SIGTERM');
    expect((await second.exited).code).toBe(0);

    const stored = await storedUuids(restored);
    const missing = ackedBefore.filter((u) => !stored.has(u));
    expect(missing).toEqual([]);
    // The copy is one snapshot: it also holds no event the source lost, and is not the whole later stream.
    const all = await storedUuids(source);
    expect([...stored].filter((u) => !all.has(u))).toEqual([]);
    expect(stored.size).toBeLessThan(all.size);
  }, 120_000);

  it('refuses to restore into a data folder that is not empty', async () => {
    const busy = path.join(root, 'busy');
    mkdirSync(busy);
    copyFileSync(path.join(backupDir, 'manifest.json'), path.join(busy, 'something-else'));
    const result = await cli('restore', ['--from', backupDir, '--data-dir', busy], busy);
    expect(result.code).toBe(1);
    expect(result.out).toContain('TARGET_NOT_EMPTY');
    expect(readdirSync(busy)).toEqual(['something-else']);
  }, 30_000);

  it('refuses a backup whose file does not match its checksum, and leaves the target empty', async () => {
    const damaged = path.join(root, 'damaged');
    mkdirSync(damaged);
    for (const f of readdirSync(backupDir)) copyFileSync(path.join(backupDir, f), path.join(damaged, f));
    const fd = openSync(path.join(damaged, 'signpost.duckdb'), 'r+');
    writeSync(fd, Buffer.from('corrupt'), 0, 7, 20_000);
    const target = path.join(root, 'from-damaged');
    const result = await cli('restore', ['--from', damaged, '--data-dir', target], target);
    expect(result.code).toBe(1);
    expect(result.out).toContain('BACKUP_INVALID');
    expect(result.out).toContain('checksum');
    expect(readdirSync(target)).toEqual([]);
  }, 30_000);

  it('refuses to write a backup into a folder that is not empty', async () => {
    const result = await cli('backup', ['--to', backupDir, '--data-dir', restored], restored);
    expect(result.code).toBe(1);
    expect(result.out).toContain('TARGET_NOT_EMPTY');
  }, 30_000);

  it('with no server running, opens the data folder itself', async () => {
    const to = path.join(root, 'offline-backup');
    const result = await cli('backup', ['--to', to, '--data-dir', restored], restored);
    expect(result.code, result.out).toBe(0);
    expect(result.out).toContain('backing up');
    const manifest = JSON.parse(readFileSync(path.join(to, 'manifest.json'), 'utf8')) as {
      eventCount: number;
    };
    expect(manifest.eventCount).toBe((await storedUuids(restored)).size);
  }, 30_000);
});
