import { type ChildProcess, execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, rmSync, statSync, truncateSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnServer } from '../../testing/spawn-server.ts';
import { DuckDbDatabase } from './duckdb-database.ts';

/**
 * A real full disk: the data folder is a small tmpfs, filled with a filler file while the server (a real child
 * process) runs. Two outages are played on the same server: writes failing first (DuckDB stays usable), then
 * the idle checkpoint failing (DuckDB invalidates the instance, which must be reopened). Needs root for
 * `mount`, as in CI; skipped with the reason printed when mounting is refused.
 */

const PROJECT_KEY = 'phc_disk_full_test_key';
const PERSONAL_KEY = 'phx_disk_full_test_key';
const TMPFS_SIZE = '24m';

const mountPoint = mkdtempSync(path.join(tmpdir(), 'signpost-disk-full-'));
const dataDir = path.join(mountPoint, 'data');
const mountRefused = (() => {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${TMPFS_SIZE}`, 'tmpfs', mountPoint], {
      stdio: 'pipe',
    });
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message.split('\n')[0] : String(error);
  }
})();
if (mountRefused) console.log(`disk-full test skipped: cannot mount a tmpfs (${mountRefused})`);

const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  if (!mountRefused) {
    try {
      execFileSync('umount', [mountPoint], { stdio: 'pipe' });
    } catch {
      // still busy for a moment after the kill: detach it now, the kernel frees it once released
      execFileSync('umount', ['-l', mountPoint], { stdio: 'pipe' });
    }
  }
  rmSync(mountPoint, { recursive: true, force: true });
});

async function startServer() {
  const server = await spawnServer({
    ...process.env,
    SIGNPOST_DATA_DIR: dataDir,
    SIGNPOST_PROJECT_API_KEY: PROJECT_KEY,
    SIGNPOST_PERSONAL_API_KEY: PERSONAL_KEY,
    SIGNPOST_LOG_LEVEL: 'info',
  });
  children.push(server.child);
  return { ...server, exited: server.exited.then((e) => e.code) };
}

async function waitFor(ms: number, check: () => Promise<boolean>): Promise<number> {
  const started = Date.now();
  for (;;) {
    if (await check()) return Date.now() - started;
    if (Date.now() - started > ms) throw new Error(`not reached within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function health(url: string) {
  const response = await fetch(`${url}/_health`);
  return { status: response.status, body: (await response.json()) as { status: string; reason?: string } };
}

/** Fills the tmpfs to the last page, big writes first, then gives `leaveBytes` back. */
function fillDisk(name: string, leaveBytes = 0): string {
  const file = path.join(mountPoint, name);
  const fd = openSync(file, 'w');
  try {
    for (const size of [1 << 20, 1 << 12]) {
      const chunk = Buffer.alloc(size, 1);
      try {
        for (;;) writeSync(fd, chunk);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
      }
    }
  } finally {
    closeSync(fd);
  }
  if (leaveBytes > 0) truncateSync(file, statSync(file).size - leaveBytes);
  return file;
}

async function capture(url: string, users: string[]) {
  const batch = users.map((user) => ({
    event: 'page viewed',
    distinct_id: user,
    uuid: randomUUID(),
    // Larger than the slack in the WAL's last tmpfs page, so a full disk really refuses it.
    properties: { $set: { seen: user }, padding: 'x'.repeat(1000) },
  }));
  const response = await fetch(`${url}/batch/`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ api_key: PROJECT_KEY, batch }),
  });
  return { status: response.status, body: await response.text(), uuids: batch.map((e) => e.uuid) };
}

async function api(url: string, method: string, route: string, body?: unknown) {
  const response = await fetch(`${url}/api/projects/@current/${route}`, {
    method,
    headers: { authorization: `Bearer ${PERSONAL_KEY}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, code: text.startsWith('{') ? JSON.parse(text).code : undefined, text };
}

async function storedRows(sql: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(path.join(dataDir, 'signpost.duckdb'));
  try {
    const connection = await instance.connect();
    try {
      return (await connection.runAndReadAll(sql)).getRowObjectsJS();
    } finally {
      connection.closeSync();
    }
  } finally {
    instance.closeSync();
  }
}

const USERS = Array.from({ length: 20 }, (_, i) => `user-${i}`);

describe.skipIf(mountRefused !== undefined)('a full disk', () => {
  it('answers 503 while full, stores nothing it refused, and recovers by itself once space is freed', async () => {
    const server = await startServer();
    const acked: string[] = [];
    const refused: string[] = [];

    const first = await capture(server.url, USERS);
    expect(first.status).toBe(200);
    acked.push(...first.uuids);

    // Outage 1: commits fail for want of space; DuckDB rolls them back and stays usable.
    // A few pages left: room for the cohort row alone but not its members, nor a batch of events. Saved as two
    // commits (the reported bug), the row survived a request that was answered with an error.
    const filler = fillDisk('filler', 16 * 1024);
    const cohort = await api(server.url, 'POST', 'cohorts/', {
      name: 'outage one static',
      is_static: true,
      distinct_ids: Array.from({ length: 3000 }, (_, i) => `member-${i}`),
    });
    expect([cohort.status, cohort.code], cohort.text).toEqual([503, 'STORAGE_UNAVAILABLE']);
    const refusedCapture = await capture(server.url, USERS);
    expect(refusedCapture.status, refusedCapture.body).toBe(503);
    expect(JSON.parse(refusedCapture.body).code).toBe('STORAGE_UNAVAILABLE');
    refused.push(...refusedCapture.uuids);
    const down = await health(server.url);
    expect(down.status).toBe(503);
    expect(down.body.status).toBe('unavailable');
    expect(down.body.reason).toMatch(/disk full/);
    // Now full to the last page: even a flag's small commit is refused.
    const rest = fillDisk('filler-rest');
    const flag = await api(server.url, 'POST', 'feature_flags/', {
      key: 'outage-flag',
      filters: {
        groups: [{ properties: [], rollout_percentage: 50 }],
        // larger than the slack left in the WAL's last page
        payloads: { true: { text: 'x'.repeat(8000) } },
      },
    });
    expect([flag.status, flag.code], flag.text).toEqual([503, 'STORAGE_UNAVAILABLE']);

    rmSync(filler);
    rmSync(rest);
    const firstRecoveryMs = await waitFor(15_000, async () => (await health(server.url)).status === 200);
    const afterFirst = await capture(server.url, USERS);
    expect(afterFirst.status, afterFirst.body).toBe(200);
    acked.push(...afterFirst.uuids);
    expect((await api(server.url, 'GET', 'feature_flags/')).text).not.toContain('outage-flag');

    // Outage 2: the disk fills while idle with commits still in the WAL; the idle checkpoint fails and DuckDB
    // invalidates the instance (the reported bug: everything failed until a restart).
    const fillerAgain = fillDisk('filler');
    await waitFor(25_000, async () => (await health(server.url)).status === 503);
    const invalid = await health(server.url);
    expect(invalid.body).toMatchObject({ status: 'unavailable' });
    expect(invalid.body.reason).toMatch(/disk full/);
    expect(server.output()).toMatch(/"state":"invalidated"/);
    const refusedAgain = await capture(server.url, USERS);
    expect(refusedAgain.status, refusedAgain.body).toBe(503);
    refused.push(...refusedAgain.uuids);
    const read = await api(server.url, 'GET', 'events/');
    expect([read.status, read.code], read.text).toEqual([503, 'STORAGE_UNAVAILABLE']);
    const dynamic = await api(server.url, 'POST', 'cohorts/', {
      name: 'outage two dynamic',
      filters: { properties: { type: 'AND', values: [{ key: 'seen', value: 'user-1', type: 'person' }] } },
    });
    expect([dynamic.status, dynamic.code], dynamic.text).toEqual([503, 'STORAGE_UNAVAILABLE']);

    rmSync(fillerAgain);
    const secondRecoveryMs = await waitFor(15_000, async () => (await health(server.url)).status === 200);
    expect(server.output()).toMatch(/storage available again/);
    const afterSecond = await capture(server.url, USERS);
    expect(afterSecond.status, afterSecond.body).toBe(200);
    acked.push(...afterSecond.uuids);
    const events = await api(server.url, 'GET', 'events/?limit=1000');
    expect(events.status).toBe(200);
    const created = await api(server.url, 'POST', 'cohorts/', { name: 'after recovery', is_static: true });
    expect(created.status, created.text).toBe(201);
    console.log(
      `disk full: healthy again ${firstRecoveryMs} ms after freeing space (writes failing), ` +
        `${secondRecoveryMs} ms (instance invalidated and reopened)`,
    );

    server.child.kill('SIGTERM');
    expect(await server.exited, server.output()).toBe(0);

    const stored = await storedRows(
      'SELECT uuid::VARCHAR AS uuid, distinct_id, person_id::VARCHAR AS person FROM events',
    );
    const counts = new Map<string, number>();
    for (const row of stored) counts.set(String(row.uuid), (counts.get(String(row.uuid)) ?? 0) + 1);
    expect(acked.filter((u) => counts.get(u) !== 1)).toEqual([]);
    expect(refused.filter((u) => counts.has(u))).toEqual([]);
    expect(stored).toHaveLength(acked.length);
    // The identity cache kept across the reopen agrees with the database: one person per user throughout.
    const personsPerUser = new Map<string, Set<string>>();
    for (const row of stored) {
      const set = personsPerUser.get(String(row.distinct_id)) ?? new Set<string>();
      set.add(String(row.person));
      personsPerUser.set(String(row.distinct_id), set);
    }
    expect([...personsPerUser.values()].filter((s) => s.size !== 1)).toEqual([]);
    const cohorts = await storedRows(`SELECT data->>'name' AS name FROM cohorts`);
    expect(cohorts.map((c) => c.name)).toEqual(['after recovery']);
    const members = await storedRows('SELECT count(*)::INTEGER AS n FROM cohort_static_members');
    expect(members[0]?.n).toBe(0);
  }, 120_000);

  it('answers success for a commit DuckDB made durable before its automatic checkpoint failed, then reopens', async () => {
    const unrecoverable: string[] = [];
    const db = await DuckDbDatabase.open(path.join(mountPoint, 'direct'), {
      backoff: { minMs: 20, maxMs: 200 },
      onUnrecoverable: (reason) => unrecoverable.push(reason),
    });
    try {
      await db.write((c) => c.run('CREATE TABLE t (id INTEGER, s VARCHAR)'));
      // A tiny threshold puts the automatic checkpoint inside the next commit, as a WAL past 256 MB would.
      await db.write((c) => c.run(`SET checkpoint_threshold = '1KB'`));
      // Room for the WAL entry, none for the checkpoint's new blocks.
      const filler = fillDisk('filler-direct', 64 * 1024);
      await db.write((c) => c.run(`INSERT INTO t SELECT range, repeat('x', 100) FROM range(100)`));
      const health = db.health();
      expect(health.ok).toBe(false);
      expect(health.ok ? '' : health.reason).toMatch(/durable, but the autocheckpoint failed/);
      await expect(db.query('SELECT count(*) AS n FROM t')).rejects.toMatchObject({
        code: 'STORAGE_UNAVAILABLE',
      });
      rmSync(filler);
      await expect.poll(() => db.health(), { timeout: 10_000, interval: 20 }).toEqual({ ok: true });
      expect(await db.query('SELECT count(*)::INTEGER AS n FROM t')).toEqual([{ n: 100 }]);
      expect(unrecoverable).toEqual([]);
    } finally {
      await db.close();
    }
  });
});
