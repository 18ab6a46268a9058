import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  freePort,
  startTestServer,
  TEST_PERSONAL_KEY,
  TEST_PROJECT_KEY,
  type TestServer,
} from '../../testing/test-server.ts';
import type { ImportRecord } from '../import-record.ts';
import {
  bucketingCheck,
  type FlagAnswer,
  formatBucketingReport,
  posthogFlagsHost,
  sampleDistinctIds,
} from './bucketing-check.ts';
import { posthogSource } from './posthog-source.ts';
import { type FakePosthog, startFakePosthog } from './testing/fake-posthog-api.ts';
import { FAKE_PERSONAL_KEY, FAKE_PROJECT } from './testing/fake-posthog-data.ts';

let fake: FakePosthog;
let signpost: TestServer;
let persons: Extract<ImportRecord, { kind: 'person' }>[];
let distinctIds: string[];

/** Signpost's flag API takes a parent flag by key; PostHog's records carry its id (the writer's mapping, in small). */
function withParentKeys(body: Record<string, unknown>, keyOf: Map<number, string>): Record<string, unknown> {
  const filters = structuredClone(body.filters) as {
    groups?: { properties?: { type?: string; key: string }[] }[];
  };
  for (const group of filters.groups ?? []) {
    for (const p of group.properties ?? []) if (p.type === 'flag') p.key = keyOf.get(Number(p.key)) ?? p.key;
  }
  return { ...body, filters };
}

async function signpostPost(path: string, body: unknown, auth = true): Promise<Response> {
  return fetch(`${signpost.url}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(auth ? { authorization: `Bearer ${TEST_PERSONAL_KEY}` } : {}),
    },
    body: JSON.stringify(body),
  });
}

beforeAll(async () => {
  fake = await startFakePosthog();
  signpost = await startTestServer();
  const records: ImportRecord[] = [];
  for await (const { record } of posthogSource({ host: fake.url, personalApiKey: FAKE_PERSONAL_KEY }).records(
    undefined,
  )) {
    records.push(record);
  }
  // The flags and persons the import writes, created here through Signpost's own API and capture endpoint.
  const keyOf = new Map<number, string>();
  for (const record of records) {
    if (record.kind !== 'flag') continue;
    keyOf.set(record.sourceId, String(record.body.key));
    const response = await signpostPost(
      '/api/projects/@current/feature_flags/',
      withParentKeys(record.body, keyOf),
    );
    expect(response.status, await response.clone().text()).toBe(201);
  }
  persons = records.filter((r): r is Extract<ImportRecord, { kind: 'person' }> => r.kind === 'person');
  distinctIds = persons.flatMap((p) => p.distinctIds);
  const batch = persons.flatMap((p) =>
    p.distinctIds.map((id) => ({ event: '$set', distinct_id: id, properties: { $set: p.properties } })),
  );
  const captured = await signpostPost('/batch/', { api_key: TEST_PROJECT_KEY, batch }, false);
  expect(captured.status).toBe(200);
}, 60_000);

afterAll(async () => {
  await fake?.close();
  await signpost?.stop();
});

const posthogSide = () => ({ host: fake.url, projectToken: FAKE_PROJECT.api_token });
const signpostSide = () => ({ host: signpost.url, projectToken: TEST_PROJECT_KEY });

/** What the fake PostHog answers for one flag across the sample, to show the comparison is not trivial. */
async function posthogValues(flag: string): Promise<Set<FlagAnswer>> {
  const values = new Set<FlagAnswer>();
  for (const distinctId of distinctIds) {
    const response = await fetch(`${fake.url}/flags/?v=2`, {
      method: 'POST',
      body: JSON.stringify({ token: FAKE_PROJECT.api_token, distinct_id: distinctId }),
    });
    const body = (await response.json()) as {
      flags: Record<string, { enabled: boolean; variant: string | null }>;
    };
    const detail = body.flags[flag];
    values.add(detail ? (detail.variant ?? detail.enabled) : null);
  }
  return values;
}

describe('bucketingCheck against a real Signpost', () => {
  it('finds no difference when Signpost has what PostHog has', async () => {
    // Rollouts split the sample both ways, the multivariate flag gives both variants, the property flag both.
    expect(await posthogValues('new-onboarding')).toEqual(new Set([true, false]));
    expect(await posthogValues('onboarding-checklist')).toEqual(new Set([true, false]));
    expect(await posthogValues('checkout-test')).toEqual(new Set(['control', 'test']));
    expect(await posthogValues('pro-reports')).toEqual(new Set([true, false]));

    const report = await bucketingCheck({ posthog: posthogSide(), signpost: signpostSide(), distinctIds });
    expect(report).toEqual({ sampled: 9, compared: 9 * 4, differences: [], failures: [] });
  });

  it('lists every planted disagreement, and only those', async () => {
    const [first, second] = distinctIds;
    const answer = async (id: string, flag: string) => {
      const r = await bucketingCheck({ posthog: posthogSide(), signpost: signpostSide(), distinctIds: [id] });
      expect(r.differences).toEqual([]);
      const response = await fetch(`${signpost.url}/flags/?v=2`, {
        method: 'POST',
        body: JSON.stringify({ token: TEST_PROJECT_KEY, distinct_id: id }),
      });
      const detail = (
        (await response.json()) as { flags: Record<string, { enabled: boolean; variant: string | null }> }
      ).flags[flag]!;
      return detail.variant ?? detail.enabled;
    };
    const firstOnboarding = await answer(first!, 'new-onboarding');
    const secondCheckout = await answer(second!, 'checkout-test');
    const flippedCheckout = secondCheckout === 'control' ? 'test' : 'control';
    fake.overrides.set(first!, new Map([['new-onboarding', !firstOnboarding]]));
    fake.overrides.set(second!, new Map([['checkout-test', flippedCheckout]]));
    try {
      const report = await bucketingCheck({ posthog: posthogSide(), signpost: signpostSide(), distinctIds });
      expect(report.differences).toEqual([
        { flag: 'checkout-test', distinctId: second, posthog: flippedCheckout, signpost: secondCheckout },
        { flag: 'new-onboarding', distinctId: first, posthog: !firstOnboarding, signpost: firstOnboarding },
      ]);
      expect(report.compared).toBe(36);
      expect(formatBucketingReport(report)).toBe(
        [
          'Bucketing check: 9 distinct ids, 36 flag answers compared, 2 different, 0 not answered.',
          `  checkout-test  ${second}: PostHog "${flippedCheckout}", Signpost "${secondCheckout}"`,
          `  new-onboarding  ${first}: PostHog ${!firstOnboarding}, Signpost ${firstOnboarding}`,
        ].join('\n'),
      );
    } finally {
      fake.overrides.clear();
    }
  });

  it('reports a flag Signpost lacks for every distinct id', async () => {
    const response = await fetch(`${signpost.url}/api/projects/@current/feature_flags/?search=pro-reports`, {
      headers: { authorization: `Bearer ${TEST_PERSONAL_KEY}` },
    });
    const { results } = (await response.json()) as { results: { id: number; key: string }[] };
    const flag = results.find((f) => f.key === 'pro-reports')!;
    const patched = await fetch(`${signpost.url}/api/projects/@current/feature_flags/${flag.id}/`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TEST_PERSONAL_KEY}` },
      body: JSON.stringify({ active: false }),
    });
    expect(patched.status).toBe(200);
    try {
      const report = await bucketingCheck({ posthog: posthogSide(), signpost: signpostSide(), distinctIds });
      expect(report.differences.map((d) => [d.flag, d.signpost])).toEqual(
        [...distinctIds].sort().map(() => ['pro-reports', null]),
      );
      expect(report.differences.map((d) => d.distinctId)).toEqual([...distinctIds].sort());
    } finally {
      await fetch(`${signpost.url}/api/projects/@current/feature_flags/${flag.id}/`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${TEST_PERSONAL_KEY}` },
        body: JSON.stringify({ active: true }),
      });
    }
  });

  it('counts a side that does not answer as not compared, not as agreement', async () => {
    const down = { host: `http://127.0.0.1:${await freePort()}`, projectToken: TEST_PROJECT_KEY };
    const report = await bucketingCheck({
      posthog: posthogSide(),
      signpost: down,
      distinctIds: ['bob@example.com'],
    });
    expect(report).toMatchObject({ sampled: 1, compared: 0, differences: [] });
    expect(report.failures).toEqual([
      { distinctId: 'bob@example.com', side: 'signpost', message: expect.stringContaining('cannot reach') },
    ]);
    const wrongToken = await bucketingCheck({
      posthog: { host: fake.url, projectToken: 'phc_wrong' },
      signpost: signpostSide(),
      distinctIds: ['bob@example.com'],
    });
    expect(wrongToken.failures).toEqual([
      { distinctId: 'bob@example.com', side: 'posthog', message: '/flags answered 401' },
    ]);
  });
});

describe('bucketing check helpers', () => {
  it('asks PostHog Cloud’s ingestion host for /flags and a self-hosted PostHog itself', () => {
    expect(posthogFlagsHost('https://us.posthog.com')).toBe('https://us.i.posthog.com');
    expect(posthogFlagsHost('https://eu.posthog.com/')).toBe('https://eu.i.posthog.com');
    expect(posthogFlagsHost('https://app.posthog.com')).toBe('https://us.i.posthog.com');
    expect(posthogFlagsHost('https://posthog.example.com:8443/')).toBe('https://posthog.example.com:8443');
  });

  it('samples persons evenly, by their first distinct id', () => {
    const people = ['a', 'b', 'c', 'd', 'e', 'f'].map((id) => ({ distinctIds: [id, `${id}-anon`] }));
    expect(sampleDistinctIds(people, 3)).toEqual(['a', 'c', 'e']);
    expect(sampleDistinctIds(people, 100)).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    expect(sampleDistinctIds([{ distinctIds: [] }, { distinctIds: ['x'] }], 5)).toEqual(['x']);
  });
});
