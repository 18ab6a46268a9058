import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { restoreBackup } from '../backup/restore-backup.ts';
import { openDuckDbStorage } from '../storage/duckdb/duckdb-storage.ts';
import { LATEST_SCHEMA_VERSION } from '../storage/duckdb/migrations.ts';
import { type InProcess, inProcess } from '../testing/in-process.ts';
import { TEST_PERSONAL_KEY, TEST_PROJECT_KEY } from '../testing/test-server.ts';

// Issue 15: a backup made after an erasure does not contain the erased person, read back from a restored copy.

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const temp = () => {
  const d = mkdtempSync(path.join(tmpdir(), 'signpost-erasure-backup-'));
  cleanups.push(() => rmSync(d, { recursive: true, force: true }));
  return d;
};

describe('a backup made after an erasure', () => {
  it('holds the other persons and none of the erased one, in any table', async () => {
    const sp: InProcess = await inProcess('duckdb');
    cleanups.push(() => sp.stop());
    await sp.capture({
      api_key: TEST_PROJECT_KEY,
      batch: [
        { event: '$identify', distinct_id: 'erase-me', properties: { $set: { email: 'gone@example.com' } } },
        { event: '$create_alias', distinct_id: 'erase-me', properties: { alias: 'erase-me-anon' } },
        ...Array.from({ length: 6 }, (_, i) => ({
          event: 'page',
          distinct_id: i % 2 ? 'erase-me' : 'keep-me',
          properties: { $ip: '10.0.0.1' },
        })),
      ],
    });
    const call = (method: string, url: string, body?: unknown) =>
      sp.signpost.app.request(url, {
        method,
        headers: { authorization: `Bearer ${TEST_PERSONAL_KEY}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    const erased = await call('DELETE', '/api/projects/@current/persons/?distinct_id=erase-me-anon');
    expect(erased.status, await erased.clone().text()).toBe(200);

    const to = path.join(temp(), 'backup');
    const backup = await call('POST', '/api/backups', { to });
    expect(backup.status).toBe(200);
    expect((await backup.text()).trim().split('\n').at(-1)).toContain('"done"');

    const restored = path.join(temp(), 'restored');
    await restoreBackup({ from: to, dataDir: restored, latestSchemaVersion: LATEST_SCHEMA_VERSION });
    const copy = await openDuckDbStorage(restored);
    cleanups.push(() => copy.close());
    const events = await copy.events.listEvents({ projectId: 1, limit: 1000, offset: 0 });
    expect(events.map((e) => e.distinctId).sort()).toEqual(['keep-me', 'keep-me', 'keep-me']);
    expect(JSON.stringify(events)).not.toContain('erase-me');
    const persons = await copy.persons.listPersons({ projectId: 1, limit: 100, offset: 0 });
    expect(persons.map((p) => p.distinctIds)).toEqual([['keep-me']]);
    expect(JSON.stringify(persons)).not.toContain('gone@example.com');
    expect(await copy.persons.findPersonsByDistinctIds(1, ['erase-me', 'erase-me-anon'])).toEqual([]);
    // The erasure record travels with the backup: who, when, how many rows — never the ids.
    const records = await copy.erasures.list(1, 10, 0);
    expect(records).toHaveLength(1);
    expect(JSON.stringify(records)).not.toContain('erase-me');
  }, 60_000);
});
