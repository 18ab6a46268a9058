import { type ApiCall, allPages, asRecord } from './release-api.ts';
import { dailyEvents, FIXTURE_DAY_ZERO, type FixtureEvent, identityEvents, USERS } from './release-events.ts';

const P = '/api/projects/1';
export const EXPERIMENT_FLAG = 'checkout-experiment';
/** Insights span the fixture's fixed days: their results may not depend on the day a test runs. */
const DATE_RANGE = { date_from: '2026-03-01', date_to: '2026-03-15' };

async function capture(call: ApiCall, token: string, batch: FixtureEvent[]): Promise<void> {
  for (let i = 0; i < batch.length; i += 200) {
    await call('POST', '/batch/', { api_key: token, batch: batch.slice(i, i + 200) });
  }
}

/** Ingestion commits in the background; the fixture waits until every event it sent can be read back. */
async function waitForEvents(call: ApiCall, expected: number): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const count = (await allPages(call, `${P}/events`)).length;
    if (count === expected) return;
    if (count > expected || Date.now() > deadline)
      throw new Error(`expected ${expected} events to be stored, found ${count}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const create = async (call: ApiCall, path: string, body: unknown) =>
  asRecord(await call('POST', `${P}/${path}/`, body), path);

const everyone = (rollout: number) => ({ groups: [{ properties: [], rollout_percentage: rollout }] });

async function createFlags(call: ApiCall, proCohortId: unknown): Promise<void> {
  await create(call, 'feature_flags', {
    key: 'new-onboarding',
    name: 'New onboarding',
    filters: everyone(40),
  });
  await create(call, 'feature_flags', {
    key: 'pro-banner',
    name: 'Banner for pro plans',
    tags: ['billing'],
    filters: {
      groups: [
        {
          properties: [{ key: 'plan', type: 'person', value: ['pro'], operator: 'exact' }],
          rollout_percentage: 100,
        },
      ],
    },
  });
  await create(call, 'feature_flags', {
    key: 'checkout-copy',
    name: 'Checkout button copy',
    filters: {
      ...everyone(100),
      multivariate: {
        variants: [
          { key: 'control', rollout_percentage: 50 },
          { key: 'short', rollout_percentage: 25 },
          { key: 'long', rollout_percentage: 25 },
        ],
      },
      payloads: { control: '{"title":"Buy now"}', short: '"Buy"', long: '{"title":"Add to basket and pay"}' },
    },
  });
  await create(call, 'feature_flags', {
    key: 'company-beta',
    name: 'Beta for large companies',
    filters: {
      aggregation_group_type_index: 0,
      groups: [
        {
          properties: [{ key: 'employees', type: 'group', group_type_index: 0, value: 100, operator: 'gt' }],
          rollout_percentage: 100,
        },
      ],
    },
  });
  await create(call, 'feature_flags', {
    key: 'legacy-switch',
    name: 'Switched off',
    active: false,
    filters: everyone(100),
  });
  await create(call, 'feature_flags', {
    key: 'pro-cohort-perk',
    name: 'Perk for the pro cohort',
    filters: {
      groups: [{ properties: [{ key: 'id', type: 'cohort', value: proCohortId }], rollout_percentage: 100 }],
    },
  });
}

async function createInsightsAndDashboard(call: ApiCall): Promise<void> {
  const dashboard = await create(call, 'dashboards', {
    name: 'Growth review',
    description: 'Weekly numbers',
  });
  await create(call, 'insights', {
    name: 'Daily page views and buyers',
    dashboards: [dashboard.id],
    query: {
      kind: 'InsightVizNode',
      source: {
        kind: 'TrendsQuery',
        interval: 'day',
        dateRange: DATE_RANGE,
        series: [
          { kind: 'EventsNode', event: '$pageview', math: 'total' },
          { kind: 'EventsNode', event: 'purchase', math: 'dau' },
        ],
      },
    },
  });
  await create(call, 'insights', {
    name: 'Sign-up to purchase',
    dashboards: [dashboard.id],
    query: {
      kind: 'InsightVizNode',
      source: {
        kind: 'FunnelsQuery',
        dateRange: DATE_RANGE,
        series: ['$pageview', 'signed_up', 'purchase'].map((event) => ({ kind: 'EventsNode', event })),
        funnelsFilter: { funnelWindowInterval: 14, funnelWindowIntervalUnit: 'day' },
      },
    },
  });
  await call('PATCH', `${P}/dashboards/${dashboard.id}/`, {
    tiles: [
      { text: { body: 'Numbers for the Monday review.' }, layouts: { sm: { x: 0, y: 8, w: 6, h: 2 } } },
    ],
  });
}

/** The variant `/flags` gives each user for the experiment's flag, as the running server decides it. */
async function experimentVariants(call: ApiCall, token: string): Promise<Map<string, string | null>> {
  const variants = new Map<string, string | null>();
  for (const user of USERS) {
    const answer = asRecord(await call('POST', '/flags/?v=2', { token, distinct_id: user }), '/flags');
    const flag = asRecord(asRecord(answer.flags, 'flags')[EXPERIMENT_FLAG], EXPERIMENT_FLAG);
    variants.set(user, typeof flag.variant === 'string' ? flag.variant : null);
  }
  return variants;
}

/**
 * Everything a fixture holds, written through the public HTTP API of whichever release `call` talks to:
 * identities first (flags read person and group properties), then flags, cohorts and the experiment, then
 * the traffic the experiment and insights measure.
 */
export async function writeReleaseData(call: ApiCall, token: string): Promise<void> {
  const identities = identityEvents();
  await capture(call, token, identities);
  await waitForEvents(call, identities.length);

  const pro = await create(call, 'cohorts', {
    name: 'Pro customers',
    filters: {
      properties: {
        type: 'OR',
        values: [
          { type: 'AND', values: [{ key: 'plan', type: 'person', value: ['pro'], operator: 'exact' }] },
        ],
      },
    },
  });
  await create(call, 'cohorts', {
    name: 'Beta testers',
    is_static: true,
    distinct_ids: ['user-02', 'user-07', 'user-11'],
  });
  await createFlags(call, pro.id);
  await create(call, 'experiments', {
    name: 'Checkout redesign',
    description: 'Does the new checkout sell more?',
    feature_flag_key: EXPERIMENT_FLAG,
    start_date: new Date(FIXTURE_DAY_ZERO + 2 * 86_400_000 - 8 * 3_600_000).toISOString(),
    parameters: {
      feature_flag_variants: [
        { key: 'control', rollout_percentage: 50 },
        { key: 'test', rollout_percentage: 50 },
      ],
    },
    metrics: [
      {
        kind: 'ExperimentMetric',
        metric_type: 'funnel',
        series: [{ kind: 'EventsNode', event: 'purchase' }],
      },
    ],
  });

  const variants = await experimentVariants(call, token);
  const daily = dailyEvents(EXPERIMENT_FLAG, (user) => variants.get(user) ?? null);
  await capture(call, token, daily);
  await waitForEvents(call, identities.length + daily.length);
  await createInsightsAndDashboard(call);
}
