import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../config.ts';
import { createSignpost, type Signpost } from '../../../server.ts';
import { silentLogger } from '../../../util/logger.ts';
import { openDuckDbStorage } from '../duckdb-storage.ts';
import { type ApiCall, apiCall, asList, asRecord } from './release-api.ts';
import { type ReleaseFacts, readReleaseFacts } from './release-facts.ts';
import {
  dataFilePrefix,
  FIXTURE_PERSONAL_KEY,
  FIXTURE_RELEASE,
  FIXTURES_DIR,
  factsFile,
} from './release-fixture.ts';

// Issue 12, item 6: a data folder written by release 5da6212 (one project, no environments) opens under this
// code with every row kept, becomes project 1 with environment "production", and keeps its keys. The
// fixture and the facts it is checked against were both made by the old release itself (fixtures/README.md).

const expected = JSON.parse(readFileSync(factsFile(FIXTURE_RELEASE), 'utf8')) as ReleaseFacts;

let dataDir: string;
let signpost: Signpost;
let call: ApiCall;
let actual: ReleaseFacts;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'signpost-upgrade-'));
  const prefix = dataFilePrefix(FIXTURE_RELEASE);
  for (const file of readdirSync(FIXTURES_DIR).filter((f) => f.startsWith(prefix) && f.endsWith('.gz'))) {
    const name = file.slice(prefix.length, -'.gz'.length);
    writeFileSync(path.join(dataDir, name), gunzipSync(readFileSync(path.join(FIXTURES_DIR, file))));
  }
  // No project key configured: whatever key the server answers with comes from the data folder alone.
  const config = loadConfig({ SIGNPOST_DATA_DIR: dataDir, SIGNPOST_PERSONAL_API_KEY: FIXTURE_PERSONAL_KEY });
  const storage = await openDuckDbStorage(dataDir);
  signpost = await createSignpost({ config, storage, logger: silentLogger });
  call = apiCall((url, init) => Promise.resolve(signpost.app.request(url, init)), '', FIXTURE_PERSONAL_KEY);
  actual = await readReleaseFacts(call, expected.projectApiKey);
}, 60_000);

afterAll(async () => {
  await signpost?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe(`a data folder written by release ${FIXTURE_RELEASE}`, () => {
  it('keeps every event and person, merges and aliases included', () => {
    expect(expected.events.count).toBeGreaterThan(300);
    expect(actual.events).toEqual(expected.events);
    expect(actual.persons).toEqual(expected.persons);
    expect(actual.groups).toEqual(expected.groups);
  });

  it('keeps every flag with its settings, and answers /flags bucket-identically on the old key', () => {
    expect(actual.flags.map((f) => f.key)).toEqual(expected.flags.map((f) => f.key));
    for (const [i, flag] of expected.flags.entries()) expect(actual.flags[i]).toMatchObject(flag);
    expect(actual.flagAnswers).toEqual(expected.flagAnswers);
  });

  it('keeps cohorts (property-based and static) with their members', () => {
    expect(actual.cohorts).toEqual(expected.cohorts);
  });

  it('keeps saved insights, which still compute the same results', () => {
    expect(actual.insights.map((i) => i.name)).toEqual(expected.insights.map((i) => i.name));
    for (const [i, insight] of expected.insights.entries()) expect(actual.insights[i]).toMatchObject(insight);
  });

  it('keeps the dashboard and its tiles', () => {
    expect(actual.dashboards).toEqual(expected.dashboards);
  });

  it('keeps the running experiment, its flag link and its results', () => {
    expect(actual.experiments.map((e) => e.name)).toEqual(expected.experiments.map((e) => e.name));
    for (const [i, experiment] of expected.experiments.entries())
      expect(actual.experiments[i]).toMatchObject(experiment);
  });

  it('becomes project 1 with one environment "production" that keeps the old public key', async () => {
    const projects = asRecord(await call('GET', '/api/projects/'), 'projects');
    const [project, ...others] = asList(projects.results, 'projects');
    expect(others).toEqual([]);
    expect(project).toMatchObject({ id: 1, project_id: 1, api_token: expected.projectApiKey });
    expect(project?.environments).toEqual([
      expect.objectContaining({
        id: 1,
        project_id: 1,
        name: 'production',
        production: true,
        api_token: expected.projectApiKey,
      }),
    ]);
    const flags = asList(
      asRecord(await call('GET', '/api/environments/1/feature_flags/'), 'flags').results,
      'f',
    );
    expect(flags.map((f) => f.environment_id)).toEqual(expected.flags.map(() => 1));
    // Each old flag's settings are production's settings now, and production is its only environment.
    for (const flag of expected.flags) {
      const view = asRecord(await call('GET', `/api/projects/1/feature_flags/${flag.id}/environments/`), 'v');
      expect(view.results).toEqual([
        expect.objectContaining({
          environment: expect.objectContaining({ id: 1, name: 'production' }),
          active: flag.active,
          filters: expect.objectContaining(asRecord(flag.filters, 'filters')),
        }),
      ]);
    }
  });

  it('takes new events on the old key after the upgrade', async () => {
    await call('POST', '/batch/', {
      api_key: expected.projectApiKey,
      batch: [{ event: 'after-upgrade', distinct_id: 'user-01', timestamp: '2026-03-20T10:00:00Z' }],
    });
    // Ingestion commits in the background: wait for the event to become readable.
    const read = async () =>
      asList(
        asRecord(await call('GET', '/api/projects/1/events/?event=after-upgrade'), 'events').results,
        'e',
      );
    await expect.poll(read, { timeout: 10_000 }).toHaveLength(1);
    expect((await read()).map((e) => e.distinct_id)).toEqual(['user-01']);
  });
});
