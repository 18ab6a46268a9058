import { afterEach, describe, expect, it } from 'vitest';
import type { ImportCursor, ImportedEvent, ImportRecord } from '../import-record.ts';
import { type PosthogSourceOptions, posthogSource } from './posthog-source.ts';
import { type FakePosthog, type FakePosthogOptions, startFakePosthog } from './testing/fake-posthog-api.ts';
import { EVENTS, FAKE_PERSONAL_KEY, FAKE_PROJECT } from './testing/fake-posthog-data.ts';

let fake: FakePosthog | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function setUp(
  fakeOptions: FakePosthogOptions = {},
  sourceOptions: Partial<PosthogSourceOptions> = {},
) {
  fake = await startFakePosthog(fakeOptions);
  const waits: number[] = [];
  const source = posthogSource({
    host: fake.url,
    personalApiKey: FAKE_PERSONAL_KEY,
    before: '2026-12-01T00:00:00Z',
    eventsPageSize: 4,
    eventsPerRecord: 3,
    sleep: async (ms) => {
      waits.push(ms);
    },
    ...sourceOptions,
  });
  return { fake, source, waits };
}

async function collect(
  records: AsyncIterable<{ record: ImportRecord; cursor: ImportCursor }>,
): Promise<{ record: ImportRecord; cursor: ImportCursor }[]> {
  const all = [];
  for await (const item of records) all.push(item);
  return all;
}

const idOf = (r: ImportRecord) => ('sourceId' in r ? r.sourceId : null);

describe('posthogSource', () => {
  it('yields every object once, parents before children, in the bodies the create APIs take', async () => {
    const { source } = await setUp();
    await source.check();
    const records = (await collect(source.records(undefined))).map((r) => r.record);

    expect(records.map((r) => r.kind)).toEqual([
      ...Array(2).fill('group_type'),
      ...Array(3).fill('cohort'),
      ...Array(4).fill('flag'),
      ...Array(2).fill('insight'),
      'dashboard',
      'experiment',
      ...Array(5).fill('person'),
      // 14 events read 4 per query and handed on 3 per record: 3+1, 3+1, 3+1, 2.
      ...Array(7).fill('events'),
    ]);
    const ofKind = <K extends ImportRecord['kind']>(kind: K) =>
      records.filter((r): r is Extract<ImportRecord, { kind: K }> => r.kind === kind);

    expect(ofKind('group_type')).toEqual([
      { kind: 'group_type', index: 0, groupType: 'company', nameSingular: null, namePlural: null },
      { kind: 'group_type', index: 1, groupType: 'organization', nameSingular: 'Org', namePlural: 'Orgs' },
    ]);
    // Cohort 5 refers to cohort 8, flag 3 depends on flag 11: each parent comes first; deleted ones never.
    expect(ofKind('cohort').map(idOf)).toEqual([8, 5, 7]);
    expect(ofKind('flag').map(idOf)).toEqual([11, 3, 12, 13]);

    const [, nested, staticCohort] = ofKind('cohort');
    expect(staticCohort?.body).toEqual({
      name: 'Beta testers',
      description: 'Hand-picked',
      is_static: true,
      distinct_ids: ['alice@example.com', 'anon-a1', 'anon-a2', 'carol@example.com', 'anon-c1'],
    });
    expect(nested?.body).toMatchObject({ name: 'Pro in Europe', is_static: false });
    expect(JSON.stringify(nested?.body.filters)).toContain('"type":"cohort","value":8');

    const dependent = ofKind('flag')[1]!.body;
    expect(dependent).toEqual({
      key: 'onboarding-checklist',
      name: 'Checklist for those in the new onboarding',
      filters: {
        groups: [
          {
            properties: [{ key: '11', type: 'flag', value: true, operator: 'flag_evaluates_to' }],
            rollout_percentage: 60,
            variant: null,
          },
        ],
        multivariate: null,
        payloads: {},
      },
      active: true,
      ensure_experience_continuity: false,
      evaluation_runtime: 'all',
      is_remote_configuration: false,
      tags: ['growth'],
    });
    expect(ofKind('flag')[2]!.body.filters).toMatchObject({
      multivariate: { variants: [{ key: 'control' }, { key: 'test' }] },
      payloads: { control: '{"color":"blue"}', test: '{"color":"green"}' },
    });

    expect(ofKind('insight').map((r) => r.body)).toEqual([
      {
        name: 'Daily signups',
        description: 'From the landing page',
        query: expect.objectContaining({ kind: 'InsightVizNode' }),
        tags: ['growth'],
        favorited: true,
      },
      {
        name: 'Pageview count',
        description: null,
        query: expect.objectContaining({ kind: 'InsightVizNode' }),
        tags: [],
        favorited: false,
      },
    ]);
    expect(ofKind('dashboard')).toEqual([
      {
        kind: 'dashboard',
        sourceId: 31,
        insightSourceIds: [21, 22],
        body: {
          name: 'Growth',
          description: 'Weekly review',
          pinned: true,
          filters: { date_from: '-30d' },
          tags: [],
          tiles: [
            { insight: 21, layouts: { sm: { x: 0, y: 0, w: 6, h: 5 } }, color: 'blue' },
            { text: { body: 'Read me first' }, layouts: { sm: { x: 6, y: 0, w: 6, h: 2 } }, color: null },
            { insight: 22, layouts: {}, color: null },
          ],
        },
      },
    ]);
    const experiment = ofKind('experiment')[0]!.body;
    expect(experiment).toMatchObject({
      name: 'Green checkout',
      feature_flag_key: 'checkout-test',
      end_date: null,
    });
    expect(experiment.holdout).toEqual({ exclusion_percentage: 10 });
    expect(Object.keys(experiment)).not.toContain('created_by');
    expect(Object.keys(experiment)).not.toContain('stats_config');

    expect(ofKind('person').map((p) => p.distinctIds)).toEqual([
      ['alice@example.com', 'anon-a1', 'anon-a2'],
      ['bob@example.com'],
      ['carol@example.com', 'anon-c1'],
      ['dave', 'anon-d1'],
      ['erin'],
    ]);
    expect(ofKind('person')[0]).toMatchObject({
      properties: { plan: 'pro', region: 'eu' },
      createdAt: '2026-10-11T08:00:00Z',
    });

    const events = ofKind('events').flatMap((r) => r.events);
    const expected = [...EVENTS].sort(
      (a, b) =>
        Date.parse(String(a.timestamp)) - Date.parse(String(b.timestamp)) ||
        (String(a.uuid) < String(b.uuid) ? -1 : 1),
    );
    expect(events.map((e) => e.uuid)).toEqual(expected.map((e) => e.uuid));
    expect(new Set(events.map((e) => e.uuid)).size).toBe(EVENTS.length);
    expect(events[0]).toEqual({
      uuid: expected[0]!.uuid,
      event: expected[0]!.event,
      distinct_id: expected[0]!.distinct_id,
      properties: expected[0]!.properties,
      timestamp: expected[0]!.timestamp,
    });
  });

  it('follows next pages and waits out 429s as Retry-After says, counting every request', async () => {
    const throttled = new Set<string>();
    const { fake, source, waits } = await setUp({
      // The first request to every list page and query is refused once.
      throttle: ({ path, method }) => {
        const key = `${method} ${path}`;
        if (throttled.has(key) || path === `/api/projects/@current/`) return null;
        throttled.add(key);
        return 2;
      },
    });
    const records = await collect(source.records(undefined));
    expect(records).toHaveLength(25);
    const refused = fake.requests.filter((r) => r.status === 429).length;
    const served = fake.requests.filter((r) => r.status === 200).length;
    expect(refused).toBe(throttled.size);
    expect(refused).toBeGreaterThan(10);
    expect(waits).toEqual(Array(refused).fill(2000));
    expect(source.client.requests).toBe(fake.requests.length);
    // The project, group types, 2 cohort pages + 1 page of static members, 2 flag pages, 1 insight page,
    // 1 dashboard page + the dashboard, 1 experiment page, 3 person pages, 4 event queries (14 events by 4).
    expect(served).toBe(1 + 1 + 2 + 1 + 2 + 1 + 2 + 1 + 3 + 4);
    expect(fake.requests.some((r) => r.path.includes('offset=4'))).toBe(true);
  });

  it('gives up on a key throttled for good after its bounded retries, with a clear code', async () => {
    const { fake, source, waits } = await setUp(
      { throttle: ({ path }) => (path.includes('feature_flags') ? 1 : null) },
      { maxRetries: 3 },
    );
    await expect(collect(source.records(undefined))).rejects.toMatchObject({ code: 'POSTHOG_RATE_LIMITED' });
    expect(fake.requests.filter((r) => r.path.includes('feature_flags'))).toHaveLength(4);
    expect(waits).toEqual([1000, 1000, 1000]);
  });

  it('resumes from any saved cursor with exactly the records not yet acknowledged', async () => {
    const { source } = await setUp();
    const full = await collect(source.records(undefined));
    // Events may be grouped into records differently after a resume; the events themselves may not differ.
    const flat = (items: { record: ImportRecord }[]) =>
      items.flatMap(({ record }): (ImportRecord | ImportedEvent)[] =>
        record.kind === 'events' ? record.events : [record],
      );
    for (let k = 0; k < full.length; k++) {
      const rest = await collect(source.records(full[k]!.cursor));
      expect(flat(rest), `resumed after record ${k}`).toEqual(flat(full.slice(k + 1)));
    }
  });

  it('keeps the first run’s end of the event range in the cursor', async () => {
    const { source } = await setUp({}, { before: undefined });
    const full = await collect(source.records(undefined));
    const before = full[0]!.cursor.before;
    expect(typeof before).toBe('string');
    expect(full.every((r) => r.cursor.before === before)).toBe(true);
  });

  it('reads only events inside [after, before)', async () => {
    const { source } = await setUp({}, { after: '2026-11-02T00:00:00Z', before: '2026-11-03T00:00:00Z' });
    const events = (await collect(source.records({ stage: 'events' }))).flatMap((r) =>
      r.record.kind === 'events' ? r.record.events : [],
    );
    const inRange = EVENTS.filter((e) => String(e.timestamp).startsWith('2026-11-02'));
    expect(events.map((e) => e.uuid).sort()).toEqual(inRange.map((e) => String(e.uuid)).sort());
  });

  it('refuses an answer larger than its cap instead of buffering it', async () => {
    const { source } = await setUp({}, { maxBytes: 300 });
    await expect(collect(source.records({ stage: 'flags' }))).rejects.toMatchObject({
      code: 'POSTHOG_RESPONSE_TOO_LARGE',
    });
  });
});

describe('posthogSource totals()', () => {
  it('counts each kind for the progress bar, events in records', async () => {
    const { source } = await setUp({}, { after: '2026-11-02T00:00:00Z' });
    expect(await source.totals?.()).toEqual({
      group_type: 2,
      cohort: 3,
      flag: 4,
      insight: 2,
      dashboard: 1,
      experiment: 1,
      person: 5,
      // 9 events from Nov 2 on, 3 to a record.
      events: 3,
    });
  });
});

describe('posthogSource check()', () => {
  it('passes for the right host and key, and reads the project token', async () => {
    const { source } = await setUp();
    await source.check();
    expect(await source.project()).toEqual({
      id: FAKE_PROJECT.id,
      name: FAKE_PROJECT.name,
      apiToken: FAKE_PROJECT.api_token,
    });
  });
});
