import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakePosthog, startFakePosthog } from '../imports/posthog/testing/fake-posthog-api.ts';
import { EVENTS, FAKE_PERSONAL_KEY, FLAGS, PERSONS } from '../imports/posthog/testing/fake-posthog-data.ts';
import { startTestServer, TEST_PERSONAL_KEY, type TestServer } from '../testing/test-server.ts';

// `npm run import -- posthog` end to end: PostHog's API (a fake built from its documented shapes, paging by two
// and throttling some requests) → the writer → a real Signpost, then the bucketing check against PostHog's /flags.

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

function run(args: string[]): Promise<{ code: number; stderr: string }> {
  const { SIGNPOST_PERSONAL_API_KEY: _, ...env } = process.env;
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', path.join(REPO_ROOT, 'packages/server/src/cli/import-command.ts'), ...args],
      { cwd: REPO_ROOT, env, timeout: 120_000 },
      (error, _stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stderr }),
    );
  });
}

describe('npm run import -- posthog', () => {
  let fake: FakePosthog;
  let signpost: TestServer;
  let dir: string;
  beforeAll(async () => {
    // Every fifth request is throttled once with Retry-After: 0, as PostHog's rate limit answers.
    const throttled = new Set<string>();
    fake = await startFakePosthog({
      throttle: ({ path: p, n }) => {
        if (n % 5 !== 3 || throttled.has(p)) return null;
        throttled.add(p);
        return 0;
      },
    });
    signpost = await startTestServer();
    dir = mkdtempSync(path.join(tmpdir(), 'signpost-import-posthog-'));
  }, 60_000);
  afterAll(async () => {
    await fake?.close();
    await signpost?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const args = (extra: string[] = []) => [
    'posthog',
    '--host',
    fake.url,
    '--source-key',
    FAKE_PERSONAL_KEY,
    '--url',
    signpost.url,
    '--key',
    TEST_PERSONAL_KEY,
    '--state',
    path.join(dir, 'state.json'),
    ...extra,
  ];

  it('refuses a wrong PostHog key in one line before writing anything', async () => {
    const refused = await run(
      args(['--source-key', 'phx_not_a_real_key', '--state', path.join(dir, 'x.json')]),
    );
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/signpost: SOURCE_UNREADABLE: PostHog POSTHOG_BAD_KEY/);
    const flags = await signpost.api<{ results: unknown[] }>('/api/projects/@current/feature_flags/');
    expect(flags.results).toEqual([]);
  }, 120_000);

  it('imports flags (with a dependency by id), persons and events, and PostHog and Signpost bucket alike', async () => {
    const first = await run(args());
    expect(first.stderr).toContain('Bucketing check:');
    expect(first.stderr).toMatch(/ 0 different, 0 not answered/);
    expect(first.code, first.stderr).toBe(0);

    const flags = await signpost.api<{ results: { key: string }[] }>('/api/projects/@current/feature_flags/');
    const live = FLAGS.filter((f) => f.deleted !== true).map((f) => String(f.key));
    expect(flags.results.map((f) => f.key).sort()).toEqual([...live].sort());
    const persons = await signpost.api<{ count: number }>('/api/projects/@current/persons/?limit=1');
    expect(persons.count).toBe(PERSONS.length);
    const events = await signpost.api<{ results: { uuid: string }[] }>(
      '/api/projects/@current/events/?limit=1000&after=2026-10-01',
    );
    const uuids = new Set(events.results.map((e) => e.uuid));
    for (const e of EVENTS) expect(uuids.has(String(e.uuid))).toBe(true);

    // A rerun writes nothing new and checks again: PostHog now disagrees for one id, which is listed.
    fake.overrides.set('bob@example.com', new Map([['checkout-test', 'not-a-variant']]));
    const second = await run(args());
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(/checkout-test\s+bob@example\.com: PostHog "not-a-variant", Signpost/);
    const again = await signpost.api<{ results: unknown[] }>('/api/projects/@current/feature_flags/');
    expect(again.results).toHaveLength(live.length);
    const after = await signpost.api<{ count: number }>('/api/projects/@current/persons/?limit=1');
    expect(after.count).toBe(PERSONS.length);
  }, 240_000);
});
