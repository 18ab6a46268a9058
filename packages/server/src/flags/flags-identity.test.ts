import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { createSignpost, type Signpost } from '../server.ts';
import { openDuckDbStorage } from '../storage/duckdb/duckdb-storage.ts';
import { apiClient } from '../testing/api-client.ts';
import {
  startTestServer,
  TEST_PERSONAL_KEY,
  TEST_PROJECT_KEY,
  type TestServer,
} from '../testing/test-server.ts';
import { silentLogger } from '../util/logger.ts';

// /flags reads committed persons and groups: never-seen ids come from the known-id set, known ones from memory
// or a batched read. These tests drive both paths through a real server on DuckDB.

const PRO = {
  groups: [{ properties: [{ key: 'plan', value: 'pro', operator: 'exact' }], rollout_percentage: 100 }],
};
const BIG = {
  aggregation_group_type_index: 0,
  groups: [{ properties: [{ key: 'size', value: 100, operator: 'gt', type: 'group', group_type_index: 0 }] }],
};

type Send = (path: string, body: unknown) => Promise<Response>;

async function setUpFlags(send: Send, signpost: Signpost): Promise<void> {
  // The group flag needs its group type to exist.
  await send('/batch/', {
    api_key: TEST_PROJECT_KEY,
    batch: [{ event: 'e', distinct_id: 'x', properties: { $groups: { company: 'x' } } }],
  });
  const api = apiClient(signpost);
  for (const [key, filters] of [
    ['pro', PRO],
    ['big', BIG],
  ] as const) {
    const res = await api.post('/api/projects/@current/feature_flags/', { key, filters });
    expect(res.status).toBe(201);
  }
}

async function flagsOf(send: Send, distinctId: string, company?: string): Promise<Record<string, boolean>> {
  const res = await send('/flags/?v=1', {
    token: TEST_PROJECT_KEY,
    distinct_id: distinctId,
    ...(company ? { groups: { company } } : {}),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { featureFlags: Record<string, boolean> }).featureFlags;
}

const identify = (i: number, plan: string) => [
  {
    event: '$identify',
    distinct_id: `user-${i}`,
    properties: { $anon_distinct_id: `anon-${i}`, $set: { plan } },
  },
  {
    event: '$groupidentify',
    distinct_id: `user-${i}`,
    properties: { $group_type: 'company', $group_key: `co-${i}`, $group_set: { size: 500 } },
  },
];

describe('/flags and the identities it reads', () => {
  let server: TestServer | undefined;
  const dirs: string[] = [];
  afterEach(async () => {
    await server?.stop();
    server = undefined;
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('sees a person and group right after the capture that created them, under interleaved load', async () => {
    server = await startTestServer();
    const { url } = server;
    const send: Send = (p, body) => fetch(`${url}${p}`, { method: 'POST', body: JSON.stringify(body) });
    await setUpFlags(send, server.signpost);
    await Promise.all(
      Array.from({ length: 40 }, async (_, i) => {
        expect(await flagsOf(send, `anon-${i}`, `co-${i}`)).toEqual({ pro: false, big: false });
        const captured = await send('/batch/', { api_key: TEST_PROJECT_KEY, batch: identify(i, 'pro') });
        expect(captured.status).toBe(200);
        // The 200 means committed: the very next request must see the merged person and the group.
        expect(await flagsOf(send, `anon-${i}`, `co-${i}`)).toEqual({ pro: true, big: true });
        expect(await flagsOf(send, `user-${i}`)).toEqual({ pro: true, big: false });
        expect(await flagsOf(send, `never-${i}`, `nope-${i}`)).toEqual({ pro: false, big: false });
      }),
    );
  });

  it('after a restart, reads known persons and groups from storage and still answers new ids from memory', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'signpost-flags-identity-'));
    dirs.push(dir);
    const start = async () => {
      const config = loadConfig({
        SIGNPOST_DATA_DIR: dir,
        SIGNPOST_PROJECT_API_KEY: TEST_PROJECT_KEY,
        SIGNPOST_PERSONAL_API_KEY: TEST_PERSONAL_KEY,
      });
      const signpost = await createSignpost({
        config,
        storage: await openDuckDbStorage(dir),
        logger: silentLogger,
      });
      const send: Send = async (p, body) =>
        signpost.app.request(p, { method: 'POST', body: JSON.stringify(body) });
      return { signpost, send };
    };
    const first = await start();
    await setUpFlags(first.send, first.signpost);
    await first.send('/batch/', {
      api_key: TEST_PROJECT_KEY,
      batch: [...identify(1, 'pro'), ...identify(2, 'free')],
    });
    await first.signpost.close();

    const second = await start();
    try {
      // Concurrent first requests right after the start, while the known-id set may still be loading.
      const answers = await Promise.all([
        flagsOf(second.send, 'anon-1', 'co-1'),
        flagsOf(second.send, 'user-1'),
        flagsOf(second.send, 'anon-2', 'co-2'),
        flagsOf(second.send, 'new-visitor', 'new-co'),
      ]);
      expect(answers).toEqual([
        { pro: true, big: true },
        { pro: true, big: false },
        { pro: false, big: true },
        { pro: false, big: false },
      ]);
      // A merge after the restart moves the new id onto the stored person at once.
      await second.send('/batch/', {
        api_key: TEST_PROJECT_KEY,
        batch: [
          { event: '$identify', distinct_id: 'user-1', properties: { $anon_distinct_id: 'new-visitor' } },
        ],
      });
      expect(await flagsOf(second.send, 'new-visitor')).toEqual({ pro: true, big: false });
    } finally {
      await second.signpost.close();
    }
  });
});
