import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type InProcess, inProcess } from '../testing/in-process.ts';
import { TEST_PERSONAL_KEY, TEST_PROJECT_KEY } from '../testing/test-server.ts';
import { manifestSchema } from './backup-manifest.ts';

const servers: InProcess[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.stop();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const tempDir = () => {
  const d = mkdtempSync(path.join(tmpdir(), 'signpost-backup-route-'));
  dirs.push(d);
  return d;
};

const post = (sp: InProcess, body: unknown, key = TEST_PERSONAL_KEY) =>
  sp.signpost.app.request('/api/backups', {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

const lines = async (response: Response) =>
  (await response.text())
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { type: string; manifest?: unknown; code?: string });

describe('POST /api/backups', () => {
  it('streams progress and a manifest whose event count and checksums match the folder written', async () => {
    const sp = await inProcess('duckdb');
    servers.push(sp);
    await sp.capture({
      api_key: TEST_PROJECT_KEY,
      batch: Array.from({ length: 25 }, (_, i) => ({ event: 'e', distinct_id: `u${i % 4}` })),
    });
    const to = path.join(tempDir(), 'b1');
    const response = await post(sp, { to });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/x-ndjson');
    const answer = await lines(response);
    expect(answer[0]?.type).toBe('progress');
    const done = answer.at(-1);
    expect(done?.type).toBe('done');
    const manifest = manifestSchema.parse(done?.manifest);
    expect(manifest.eventCount).toBe(25);
    expect(manifest.tables.events).toBe(25);
    expect(manifest.schemaVersion).toBeGreaterThan(0);
    expect(manifest.files.map((f) => f.name)).toEqual(['signpost.duckdb']);
    expect(JSON.parse(readFileSync(path.join(to, 'manifest.json'), 'utf8'))).toEqual(manifest);
    const last = await sp.api<{ running: boolean; last: { ok: boolean; event_count: number } }>(
      '/api/backups/last',
    );
    expect(last).toMatchObject({ running: false, last: { ok: true, event_count: 25 } });
    const health = (await (await sp.signpost.app.request('/_health')).json()) as Record<string, unknown>;
    expect(health.last_backup).toMatchObject({ ok: true });
  });

  it('copies the other files of the data folder along with the snapshot', async () => {
    const sp = await inProcess('duckdb');
    servers.push(sp);
    const dataDir = sp.storage.backup?.dataDir as string;
    writeFileSync(path.join(dataDir, 'instance-secret'), 'kept with the data');
    const to = path.join(tempDir(), 'b2');
    expect((await lines(await post(sp, { to }))).at(-1)?.type).toBe('done');
    expect(readdirSync(to).sort()).toEqual(['instance-secret', 'manifest.json', 'signpost.duckdb']);
    expect(readFileSync(path.join(to, 'instance-secret'), 'utf8')).toBe('kept with the data');
  });

  it('refuses a relative path and a folder that is not empty before it starts streaming', async () => {
    const sp = await inProcess('duckdb');
    servers.push(sp);
    const relative = await post(sp, { to: 'backups/today' });
    expect(relative.status).toBe(400);
    expect(((await relative.json()) as { code: string }).code).toBe('INVALID_BODY');
    const full = tempDir();
    writeFileSync(path.join(full, 'x'), 'x');
    const notEmpty = await post(sp, { to: full });
    expect(notEmpty.status).toBe(409);
    expect(((await notEmpty.json()) as { code: string }).code).toBe('BACKUP_TARGET_NOT_EMPTY');
  });

  it('answers hostile bodies and unusable folders with a 4xx, never a 500', async () => {
    const sp = await inProcess('duckdb');
    servers.push(sp);
    const file = path.join(tempDir(), 'a-file');
    writeFileSync(file, 'x');
    const bodies: unknown[] = [
      {},
      { to: 42 },
      { to: '' },
      { to: ['/tmp'] },
      { to: '/tmp/a\u0000b' },
      { to: `/${'x'.repeat(5000)}` },
      { to: file },
      { to: path.join(file, 'below-a-file') },
      null,
      'to',
    ];
    for (const body of bodies) {
      const response = await post(sp, body);
      expect(response.status, JSON.stringify(body)).toBeGreaterThanOrEqual(400);
      expect(response.status, JSON.stringify(body)).toBeLessThan(500);
    }
    const notJson = await sp.signpost.app.request('/api/backups', {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_PERSONAL_KEY}`, 'content-type': 'application/json' },
      body: '{"to":',
    });
    expect(notJson.status).toBe(400);
  });

  it('answers BACKUP_UNSUPPORTED on storage it cannot back up, and needs full rights', async () => {
    const sp = await inProcess('memory');
    servers.push(sp);
    const to = path.join(tempDir(), 'never');
    const response = await post(sp, { to });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { code: string }).code).toBe('BACKUP_UNSUPPORTED');
    expect(existsSync(to)).toBe(false);
    const anonymous = await sp.signpost.app.request('/api/backups', { method: 'POST', body: '{}' });
    expect(anonymous.status).toBe(401);
  });
});
