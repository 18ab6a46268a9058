import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.ts';
import { StartupRefusedError } from '../../projects/project-service.ts';
import { createSignpost } from '../../server.ts';
import { TEST_PERSONAL_KEY, TEST_PROJECT_KEY } from '../../testing/test-server.ts';
import { silentLogger } from '../../util/logger.ts';
import { openDuckDbStorage } from './duckdb-storage.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function start(dataDir: string, env: Record<string, string> = {}) {
  const config = loadConfig({
    SIGNPOST_DATA_DIR: dataDir,
    SIGNPOST_PROJECT_API_KEY: TEST_PROJECT_KEY,
    SIGNPOST_PERSONAL_API_KEY: TEST_PERSONAL_KEY,
    ...env,
  });
  const storage = await openDuckDbStorage(dataDir);
  try {
    return await createSignpost({ config, storage, logger: silentLogger });
  } catch (error) {
    await storage.close();
    throw error;
  }
}

const post = (sp: Awaited<ReturnType<typeof start>>, batch: unknown[]) =>
  sp.app.request('/batch/', { method: 'POST', body: JSON.stringify({ api_key: TEST_PROJECT_KEY, batch }) });
const get = async (sp: Awaited<ReturnType<typeof start>>, p: string) =>
  (await sp.app.request(p, { headers: { authorization: `Bearer ${TEST_PERSONAL_KEY}` } })).json();

describe('DuckDB storage across restarts', () => {
  it('keeps events, persons, groups, dedup memory and keys', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'signpost-restart-'));
    dirs.push(dir);
    const uuid = '0190b6a2-2222-7000-8000-000000000001';
    const first = await start(dir);
    await post(first, [
      {
        event: 'a',
        distinct_id: 'anon',
        uuid,
        properties: { $set: { plan: 'free' }, $groups: { company: 'acme' } },
      },
      { event: '$identify', distinct_id: 'user', properties: { $anon_distinct_id: 'anon' } },
    ]);
    await first.close();

    const second = await start(dir);
    // The same uuid again is a duplicate even after a restart; the merged identity is remembered.
    await post(second, [
      { event: 'a', distinct_id: 'anon', uuid },
      { event: 'b', distinct_id: 'anon', properties: { $set: { plan: 'pro' }, $groups: { project: 'p1' } } },
    ]);
    const events = (await get(second, '/api/projects/@current/events/')) as {
      results: { event: string; person_id: string }[];
    };
    expect(events.results.map((e) => e.event).sort()).toEqual(['$identify', 'a', 'b']);
    const persons = (await get(second, '/api/projects/@current/persons/')) as {
      results: { id: string; distinct_ids: string[]; properties: Record<string, unknown> }[];
    };
    expect(persons.results).toHaveLength(1);
    expect(persons.results[0]?.distinct_ids.sort()).toEqual(['anon', 'user']);
    expect(persons.results[0]?.properties.plan).toBe('pro');
    expect(new Set(events.results.map((e) => e.person_id))).toEqual(new Set([persons.results[0]?.id]));
    const types = (await get(second, '/api/projects/@current/groups_types/')) as { group_type: string }[];
    expect(types.map((t) => t.group_type)).toEqual(['company', 'project']);
    await second.close();

    await expect(start(dir, { SIGNPOST_PROJECT_API_KEY: 'phc_some_other_key' })).rejects.toThrow(
      StartupRefusedError,
    );
  });
});
