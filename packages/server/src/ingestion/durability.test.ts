import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, describe, expect, it } from 'vitest';
import { type SpawnedServer, spawnServer } from '../testing/spawn-server.ts';

/**
 * Crash durability of the capture path: a 200 `{"status":1}` must mean the events are committed. The server runs
 * as a real child process, is SIGKILLed in the middle of concurrent load, restarted on the same data folder, and
 * every acknowledged uuid must then be stored exactly once.
 */

const PROJECT_KEY = 'phc_durability_test_key';
const PERSONAL_KEY = 'phx_durability_test_key';
const SENDERS = 6;

const children: ChildProcess[] = [];
const dataDir = mkdtempSync(path.join(tmpdir(), 'signpost-durability-'));

afterAll(() => {
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

async function startServer(): Promise<SpawnedServer> {
  const server = await spawnServer({
    ...process.env,
    SIGNPOST_DATA_DIR: dataDir,
    SIGNPOST_PROJECT_API_KEY: PROJECT_KEY,
    SIGNPOST_PERSONAL_API_KEY: PERSONAL_KEY,
  });
  children.push(server.child);
  return server;
}

function makeBatch(): { uuids: string[]; body: Uint8Array<ArrayBuffer> } {
  const size = 1 + Math.floor(Math.random() * 100);
  const now = new Date().toISOString();
  const uuids: string[] = [];
  const batch = [];
  for (let i = 0; i < size; i++) {
    const uuid = randomUUID();
    uuids.push(uuid);
    const user = `user-${Math.floor(Math.random() * 500)}`;
    const properties: Record<string, unknown> = {
      plan: Math.random() < 0.3 ? 'pro' : 'free',
      path: `/page/${i % 17}`,
      $lib: 'posthog-node',
      $lib_version: '5.70.0',
      $is_server: true,
      $geoip_disable: true,
    };
    if (Math.random() < 0.2) properties.$set = { email: `${user}@example.com`, seen: Math.random() };
    batch.push({
      event: i % 5 === 0 ? 'signed in' : 'page viewed',
      distinct_id: user,
      properties,
      timestamp: now,
      uuid,
    });
  }
  const json = JSON.stringify({ api_key: PROJECT_KEY, batch, sent_at: now });
  return { uuids, body: new Uint8Array(gzipSync(json)) };
}

/** Posts batches until `stop()` is true or the server goes away; returns the uuids acknowledged with 200. */
async function sender(
  url: string,
  stop: () => boolean,
  acked: string[],
  failed: { count: number },
): Promise<void> {
  while (!stop()) {
    const { uuids, body } = makeBatch();
    let response: Response;
    try {
      response = await fetch(`${url}/batch/`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
        body,
      });
    } catch {
      failed.count += 1; // the server was killed: this request was never acknowledged
      return;
    }
    let text: string;
    try {
      text = await response.text();
    } catch {
      failed.count += 1;
      return;
    }
    if (response.status === 200 && text === '{"status":1}') acked.push(...uuids);
    else if (!stop()) throw new Error(`unexpected answer ${response.status} ${text}`);
  }
}

async function storedUuids(): Promise<string[]> {
  const instance = await DuckDBInstance.create(path.join(dataDir, 'signpost.duckdb'));
  try {
    const connection = await instance.connect();
    try {
      const reader = await connection.runAndReadAll('SELECT uuid::VARCHAR AS uuid FROM events');
      return reader.getRowObjectsJS().map((r) => String(r.uuid));
    } finally {
      connection.closeSync();
    }
  } finally {
    instance.closeSync();
  }
}

describe('capture durability', () => {
  it('keeps every acknowledged event after a SIGKILL under load, exactly once', async () => {
    const first = await startServer();
    const acked: string[] = [];
    const failed = { count: 0 };
    let killed = false;
    const senders = Array.from({ length: SENDERS }, () => sender(first.url, () => killed, acked, failed));

    await new Promise((r) => setTimeout(r, 2000 + Math.random() * 1000));
    const ackedBeforeKill = acked.length;
    killed = true;
    first.child.kill('SIGKILL');
    const exit = await first.exited;
    expect(exit.signal).toBe('SIGKILL');
    await Promise.all(senders);

    // Load really was running when the process died (otherwise the test proves nothing).
    expect(ackedBeforeKill).toBeGreaterThan(1000);
    expect(failed.count).toBeGreaterThan(0);
    console.log(
      `durability: ${acked.length} events acknowledged before SIGKILL; ${failed.count} requests in flight were cut off`,
    );

    const second = await startServer();
    second.child.kill('SIGTERM');
    const stopped = await second.exited;
    expect(stopped.code, second.output()).toBe(0);

    const stored = await storedUuids();
    const counts = new Map<string, number>();
    for (const uuid of stored) counts.set(uuid, (counts.get(uuid) ?? 0) + 1);
    const missing = acked.filter((uuid) => !counts.has(uuid));
    const duplicated = [...counts].filter(([, n]) => n > 1).map(([uuid]) => uuid);
    console.log(
      `durability: ${stored.length} events stored (${stored.length - acked.length} more than acknowledged)`,
    );
    expect(missing.length, `acknowledged but lost, e.g. ${missing.slice(0, 3).join(', ')}`).toBe(0);
    expect(duplicated.length, `stored twice, e.g. ${duplicated.slice(0, 3).join(', ')}`).toBe(0);
    expect(new Set(acked).size).toBe(acked.length);
  }, 60_000);
});
