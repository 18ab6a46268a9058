import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { API, client } from '../activity-log/activity-log.test-kit.ts';
import { loadConfig } from '../config.ts';
import { createSignpost, type Signpost } from '../server.ts';
import { openDuckDbStorage } from '../storage/duckdb/duckdb-storage.ts';
import { TEST_PERSONAL_KEY, TEST_PROJECT_KEY, TEST_SECRET_KEY } from '../testing/test-server.ts';
import { silentLogger } from '../util/logger.ts';

// The weekly stale-flag digest (issue 14 §2): sent through the webhook outbox, once a week per project, with
// the time of the last one kept in the audit log so a restart neither repeats nor skips it.

const DAY = 86_400_000;
const dirs: string[] = [];
const servers: Signpost[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function start(clock: { ms: number }, dir: string) {
  const config = loadConfig({
    SIGNPOST_DATA_DIR: dir,
    SIGNPOST_PROJECT_API_KEY: TEST_PROJECT_KEY,
    SIGNPOST_PERSONAL_API_KEY: TEST_PERSONAL_KEY,
    SIGNPOST_PROJECT_SECRET_KEY: TEST_SECRET_KEY,
  });
  const signpost = await createSignpost({
    config,
    storage: await openDuckDbStorage(dir),
    logger: silentLogger,
    now: () => new Date(clock.ms),
  });
  servers.push(signpost);
  return { signpost, api: client(signpost) };
}

interface Delivery {
  event: string;
  body?: string;
}

describe('the weekly stale-flag digest', () => {
  it('lists stale flags by owner once a week, also across a restart', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'signpost-digest-'));
    dirs.push(dir);
    const clock = { ms: Date.parse('2026-03-02T09:00:00Z') };
    let { signpost, api } = await start(clock, dir);
    const hook = await api.post(`${API}/webhooks/`, {
      url: 'https://hooks.example.com/digest',
      events: ['flags.stale_digest'],
    });
    expect(hook.status).toBe(201);
    const hookId = String(hook.json.id);
    for (const key of ['old-banner', 'kept-switch'])
      expect(
        (await api.post(`${API}/feature_flags/`, { key, permanent: key === 'kept-switch' })).status,
      ).toBe(201);

    // Nothing is stale on day one: the digest is recorded as sent, with nothing to report.
    expect(await signpost.staleDigest.sendDue()).toBe(1);
    clock.ms += 40 * DAY;
    expect(await signpost.staleDigest.sendDue()).toBe(1);
    // Within the same week nothing more goes out, even from a restarted server.
    await signpost.close();
    servers.splice(0);
    ({ signpost, api } = await start(clock, dir));
    clock.ms += 2 * DAY;
    expect(await signpost.staleDigest.sendDue()).toBe(0);
    clock.ms += 6 * DAY;
    expect(await signpost.staleDigest.sendDue()).toBe(1);

    const deliveries: Delivery[] = await signpost.storage.webhooks.listDeliveries(hookId, 10);
    const digests = deliveries.filter((d) => d.event === 'flags.stale_digest');
    expect(digests.length).toBe(2);
    const body = JSON.parse(digests[0]?.body ?? '{}') as {
      data?: { flags: { key: string; owner: string; reasons: string[] }[] };
    };
    expect(body.data?.flags.map((f) => f.key)).toEqual(['old-banner']);
    expect(body.data?.flags[0]?.reasons).toContain('not_evaluated');
  });
});
