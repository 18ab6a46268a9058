import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { serve } from '@hono/node-server';
import { loadConfig } from '../../packages/server/src/config.ts';
import { createSignpost } from '../../packages/server/src/server.ts';
import { openDuckDbStorage } from '../../packages/server/src/storage/duckdb/duckdb-storage.ts';
import { silentLogger } from '../../packages/server/src/util/logger.ts';

/**
 * Erasing one person from a seeded DuckDB file while posthog-style batches keep arriving: the erasure's time,
 * the ingestion rate before and during it, and a plain `cp -r` of the same data folder as the limit.
 *
 *   npm run seed -- --events 2000000 --days 30 --data-dir /tmp/bench-data --project-key phc_…
 *   node --import tsx bench/erasure/run.ts --data-dir /tmp/bench-data --project-key phc_… --personal-key phx_…
 */

const { values: args } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    'project-key': { type: 'string' },
    'personal-key': { type: 'string' },
    mode: { type: 'string', default: 'erase' },
  },
});
const source = args['data-dir'];
const projectKey = args['project-key'];
const personalKey = args['personal-key'];
if (!source || !projectKey || !personalKey) throw new Error('--data-dir, --project-key and --personal-key');

const work = mkdtempSync(path.join(tmpdir(), 'signpost-erasure-bench-'));
const cpStart = performance.now();
execFileSync('cp', ['-r', source, path.join(work, 'cp')]);
const cpMs = performance.now() - cpStart;
const dataDir = path.join(work, 'data');
cpSync(source, dataDir, { recursive: true });

const config = loadConfig({
  SIGNPOST_DATA_DIR: dataDir,
  SIGNPOST_RATE_LIMIT_CAPTURE_PER_KEY: '0',
  SIGNPOST_RATE_LIMIT_CAPTURE_PER_IP: '0',
});
const signpost = await createSignpost({
  config,
  storage: await openDuckDbStorage(dataDir),
  logger: silentLogger,
});
const server = serve({ fetch: signpost.app.fetch, hostname: '127.0.0.1', port: 0 });
await new Promise<void>((resolve) => server.once('listening', () => resolve()));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const api = async (method: string, route: string) => {
  const res = await fetch(`${url}/api/projects/@current${route}`, {
    method,
    headers: { authorization: `Bearer ${personalKey}` },
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
};

// The person behind the newest event: an active user of the seeded data.
const newest = (await api('GET', '/events/?limit=50')).json.results as { distinct_id: string }[];
const victim = newest.find((e) => !e.distinct_id.startsWith('$'))?.distinct_id ?? '';

let acked = 0;
let loading = true;
const load = async () => {
  while (loading) {
    const batch = Array.from({ length: 200 }, () => ({
      uuid: randomUUID(),
      event: 'bench.load',
      distinct_id: `load-${Math.floor(Math.random() * 10_000)}`,
      properties: { n: 1 },
    }));
    const res = await fetch(`${url}/batch/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ api_key: projectKey, batch }),
    });
    await res.text();
    if (res.status === 200) acked += batch.length;
  }
};
const rate = async (ms: number) => {
  const before = acked;
  const start = performance.now();
  await new Promise((r) => setTimeout(r, ms));
  return Math.round(((acked - before) * 1000) / (performance.now() - start));
};
const workers = Array.from({ length: 4 }, load);
const baseline = await rate(3_000);
let during = 0;
const eraseStart = performance.now();
const erased = api(
  'DELETE',
  `/persons/?${new URLSearchParams({ distinct_id: victim, mode: args.mode ?? 'erase' })}`,
);
const before = acked;
const res = await erased;
const eraseMs = performance.now() - eraseStart;
during = Math.round(((acked - before) * 1000) / eraseMs);
loading = false;
await Promise.all(workers);
const events = Number(execFileSync('du', ['-sb', source]).toString().split('\t')[0]);
console.log(
  JSON.stringify(
    {
      mode: args.mode,
      status: res.status,
      counts: res.json.counts,
      eraseMs: Math.round(eraseMs),
      cpMs: Math.round(cpMs),
      dataBytes: events,
      ingestEventsPerSecBefore: baseline,
      ingestEventsPerSecDuring: during,
    },
    null,
    2,
  ),
);
await new Promise<void>((resolve) => server.close(() => resolve()));
await signpost.close();
rmSync(work, { recursive: true, force: true });
