import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import type { StoredEvent } from '../events/event.ts';
import { createSignpost, type Signpost } from '../server.ts';
import { openDuckDbStorage } from '../storage/duckdb/duckdb-storage.ts';
import { MemoryStorage } from '../storage/memory/memory-storage.ts';
import type { Storage } from '../storage/storage.ts';
import { apiClient } from '../testing/api-client.ts';
import { TEST_PERSONAL_KEY, TEST_PROJECT_KEY } from '../testing/test-server.ts';
import { silentLogger } from '../util/logger.ts';

const stored = (name: string, timestamp: string, properties: Record<string, unknown>): StoredEvent => ({
  uuid: randomUUID(),
  projectId: 1,
  event: name,
  distinctId: 'ana',
  personId: randomUUID(),
  timestamp: new Date(timestamp),
  createdAt: new Date(),
  properties,
  groups: ['', '', '', '', ''],
});

/** Rows written straight to storage: what an older Signpost stored, or what a crash kept from the recorder. */
const commitRaw = (storage: Storage, events: StoredEvent[]) =>
  storage.ingestion.commit({ events, persons: [], distinctIds: [], groups: [], groupTypes: [] });

type Listed = { results: { name: string; volume: number; created_at: string; last_seen_at: string }[] };

describe.each(['memory', 'duckdb'] as const)('definitions backfill on %s', (kind) => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'signpost-definitions-'));
  const open = async (): Promise<Storage> => (kind === 'memory' ? memory : openDuckDbStorage(dataDir));
  const memory = new MemoryStorage();
  let signpost: Signpost | undefined;
  afterEach(async () => {
    await signpost?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  const start = async (storage: Storage) => {
    const config = loadConfig({
      SIGNPOST_DATA_DIR: dataDir,
      SIGNPOST_PROJECT_API_KEY: TEST_PROJECT_KEY,
      SIGNPOST_PERSONAL_API_KEY: TEST_PERSONAL_KEY,
    });
    signpost = await createSignpost({ config, storage, logger: silentLogger });
    await signpost.definitions.caughtUpNow();
    return signpost;
  };
  const events = async (sp: Signpost) => {
    await sp.definitions.flush();
    const res = await apiClient(sp).get('/api/projects/@current/event_definitions/');
    return (res.json as unknown as Listed).results.map((d) => [
      d.name,
      d.volume,
      d.created_at,
      d.last_seen_at,
    ]);
  };

  it('backfills stored events on the first start, counts live ones once, and catches up after a crash', async () => {
    let storage = await open();
    await commitRaw(storage, [
      stored('old', '2025-06-01T00:00:00Z', { plan: 'pro' }),
      stored('old', '2025-06-03T00:00:00Z', { seats: 2 }),
      stored('older', '2025-05-01T00:00:00Z', {}),
    ]);
    let sp = await start(storage);
    expect(await events(sp)).toEqual([
      ['old', 2, '2025-06-01T00:00:00.000Z', '2025-06-03T00:00:00.000Z'],
      ['older', 1, '2025-05-01T00:00:00.000Z', '2025-05-01T00:00:00.000Z'],
    ]);
    const props = await apiClient(sp).get('/api/projects/@current/property_definitions/');
    expect((props.json as unknown as Listed).results.map((d) => d.name)).toEqual(['plan', 'seats']);

    // Live: counted by the recorder, never again by a later catch-up.
    const res = await sp.app.request('/batch/', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        api_key: TEST_PROJECT_KEY,
        batch: [{ event: 'old', distinct_id: 'ana', timestamp: '2025-06-05T00:00:00Z' }],
      }),
    });
    expect(res.status).toBe(200);
    expect((await events(sp))[0]).toEqual(['old', 3, '2025-06-01T00:00:00.000Z', '2025-06-05T00:00:00.000Z']);
    await sp.close();
    signpost = undefined;

    // Events stored after the last flush (the recorder's seconds a crash loses) are found at the next start.
    storage = await open();
    await commitRaw(storage, [
      stored('after_crash', '2025-07-01T00:00:00Z', {}),
      stored('old', '2025-07-02T00:00:00Z', {}),
    ]);
    sp = await start(storage);
    expect(await events(sp)).toEqual([
      ['old', 4, '2025-06-01T00:00:00.000Z', '2025-07-02T00:00:00.000Z'],
      ['after_crash', 1, '2025-07-01T00:00:00.000Z', '2025-07-01T00:00:00.000Z'],
      ['older', 1, '2025-05-01T00:00:00.000Z', '2025-05-01T00:00:00.000Z'],
    ]);
  });
});
