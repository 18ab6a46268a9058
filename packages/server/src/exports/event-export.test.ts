import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '../storage/duckdb/seed/seed-demo-data.ts';
import { parseCsv } from '../testing/parse-csv.ts';
import {
  startTestServer,
  TEST_PERSONAL_KEY,
  TEST_PROJECT_KEY,
  type TestServer,
} from '../testing/test-server.ts';

const EVENTS = 200_000;
const EXPORT = '/api/projects/@current/events/export';
const EXPORT_COMMAND = fileURLToPath(new URL('../cli/export-command.ts', import.meta.url));

interface Line {
  uuid: string;
  event: string;
  distinct_id: string;
  person_id: string;
  timestamp: string;
  properties: Record<string, unknown>;
}

async function readParquet(file: string, sql: string) {
  const instance = await DuckDBInstance.create(':memory:');
  const c = await instance.connect();
  try {
    return (await c.runAndReadAll(sql.replace('FILE', `'${file}'`))).getRowObjectsJS();
  } finally {
    c.closeSync();
    instance.closeSync();
  }
}

describe('raw events export', () => {
  let dataDir: string;
  let work: string;
  let server: TestServer;
  const get = (query: string, key = TEST_PERSONAL_KEY) =>
    fetch(`${server.url}${EXPORT}?${query}`, { headers: { authorization: `Bearer ${key}` } });

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'signpost-export-'));
    work = mkdtempSync(path.join(tmpdir(), 'signpost-export-out-'));
    await seedDemoData({
      dataDir,
      events: EVENTS,
      days: 30,
      projectKey: TEST_PROJECT_KEY,
      personalKey: TEST_PERSONAL_KEY,
    });
    server = await startTestServer({ dataDir });
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  });

  it('streams every event as NDJSON while the server heap stays bounded', async () => {
    const res = await get('format=ndjson');
    expect(res.headers.get('content-type')).toBe('application/x-ndjson');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="events-.*\.ndjson"$/);
    expect(res.headers.get('x-signpost-row-count')).toBe(String(EVENTS));
    // Retained memory, not garbage the collector has not reached yet: collect before each sample, or the figure
    // depends on when V8 chose to run (it once read 66 MB of garbage on a loaded machine).
    const gc = collector();
    gc();
    const base = process.memoryUsage();
    let peak = 0;
    let sampledAt = 0;
    let lines = 0;
    let bytes = 0;
    let first: Line | undefined;
    let partial = '';
    const decoder = new TextDecoder();
    for await (const chunk of res.body as AsyncIterable<Uint8Array>) {
      bytes += chunk.byteLength;
      const text = partial + decoder.decode(chunk, { stream: true });
      const parts = text.split('\n');
      partial = parts.pop() ?? '';
      if (!first && parts[0]) first = JSON.parse(parts[0]) as Line;
      lines += parts.length;
      if (bytes - sampledAt < 4_000_000) continue;
      sampledAt = bytes;
      gc();
      const m = process.memoryUsage();
      peak = Math.max(peak, m.heapUsed + m.arrayBuffers - base.heapUsed - base.arrayBuffers);
    }
    expect(partial).toBe('');
    expect(lines).toBe(EVENTS);
    expect(first).toMatchObject({ uuid: expect.any(String), event: expect.any(String) });
    expect(typeof first?.properties).toBe('object');
    // The body is far larger than the growth allowed: holding it (or its rows) would break the bound.
    expect(bytes).toBeGreaterThan(40_000_000);
    expect(peak).toBeLessThan(bytes / 2);
  }, 120_000);

  it('gives the same filtered rows as NDJSON, CSV and Parquet', async () => {
    const after = new Date(Date.now() - 20 * 86_400_000).toISOString();
    const before = new Date(Date.now() - 10 * 86_400_000).toISOString();
    const filter = `after=${encodeURIComponent(after)}&before=${encodeURIComponent(before)}&event=auth.login`;
    const ndjson = (await (await get(`format=ndjson&${filter}`)).text())
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Line);
    expect(ndjson.length).toBeGreaterThan(1000);
    for (const l of ndjson) {
      expect(l.event).toBe('auth.login');
      expect(l.timestamp >= after && l.timestamp < before).toBe(true);
    }

    const csvRes = await get(`format=csv&${filter}`);
    expect(csvRes.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const [header, ...records] = parseCsv(await csvRes.text());
    expect(header).toEqual([
      'uuid',
      'event',
      'distinct_id',
      'person_id',
      'timestamp',
      'created_at',
      'properties',
    ]);
    expect(records).toHaveLength(ndjson.length);
    const byUuid = new Map(ndjson.map((l) => [l.uuid, l]));
    for (const r of records) {
      const line = byUuid.get(r[0] ?? '');
      expect(line?.distinct_id).toBe(r[2]);
      // The properties hold `$set` objects, so they arrive quoted with doubled quotes and must parse back.
      expect(JSON.parse(r[6] ?? '')).toEqual(line?.properties);
    }

    const parquetRes = await get(`format=parquet&${filter}`);
    expect(parquetRes.headers.get('x-signpost-row-count')).toBe(String(ndjson.length));
    const file = path.join(work, 'filtered.parquet');
    writeFileSync(file, Buffer.from(await parquetRes.arrayBuffer()));
    const [stats] = await readParquet(
      file,
      `SELECT count(*) AS n, count(DISTINCT uuid) AS u, min(event) AS lo, max(event) AS hi,
        sum(json_extract_string(properties, '$.auth_method') IN ('local', 'oidc')::INT) AS methods FROM FILE`,
    );
    expect(stats).toEqual({
      n: BigInt(ndjson.length),
      u: BigInt(ndjson.length),
      lo: 'auth.login',
      hi: 'auth.login',
      methods: BigInt(ndjson.length),
    });
  }, 60_000);

  it('exports everything as Parquet with the exact row count', async () => {
    const res = await get('format=parquet');
    const file = path.join(work, 'all.parquet');
    writeFileSync(file, Buffer.from(await res.arrayBuffer()));
    const [stats] = await readParquet(file, 'SELECT count(*) AS n, count(DISTINCT uuid) AS u FROM FILE');
    expect(stats).toEqual({ n: BigInt(EVENTS), u: BigInt(EVENTS) });
  }, 60_000);

  it('lets a client walk away mid-stream and keeps serving', async () => {
    const abort = new AbortController();
    const res = await fetch(`${server.url}${EXPORT}?format=csv`, {
      headers: { authorization: `Bearer ${TEST_PERSONAL_KEY}` },
      signal: abort.signal,
    });
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    expect((await reader.read()).done).toBe(false);
    abort.abort();
    await new Promise((r) => setTimeout(r, 200));
    const again = await get('format=ndjson&event=telemetry.install');
    expect(again.status).toBe(200);
    expect((await again.text()).trimEnd().split('\n').length).toBeGreaterThan(0);
  });

  it('takes personal keys only and validates its parameters', async () => {
    expect((await get('format=csv', TEST_PROJECT_KEY)).status).toBe(403);
    expect((await fetch(`${server.url}${EXPORT}`)).status).toBe(401);
    const bad = await get('format=xml');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: 'INVALID_QUERY', attr: 'format' });
  });

  it('downloads through the CLI with a progress line on stderr', async () => {
    const out = path.join(work, 'cli.parquet');
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        EXPORT_COMMAND,
        '--format',
        'parquet',
        '--event',
        'telemetry.install',
        '--out',
        out,
      ],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: {
          ...process.env,
          SIGNPOST_PERSONAL_API_KEY: TEST_PERSONAL_KEY,
          SIGNPOST_PORT: new URL(server.url).port,
        },
      },
    );
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => {
      stderr += b.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toMatch(/exporting parquet .*100\.0%/);
    expect(code).toBe(0);
    const [stats] = await readParquet(out, 'SELECT count(*) AS n, min(event) AS e FROM FILE');
    const expected = (await (await get('format=ndjson&event=telemetry.install')).text())
      .trimEnd()
      .split('\n');
    expect(stats).toEqual({ n: BigInt(expected.length), e: 'telemetry.install' });
  }, 60_000);
});

/** V8's collector as a function, without starting the test process with --expose-gc. */
function collector(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}
