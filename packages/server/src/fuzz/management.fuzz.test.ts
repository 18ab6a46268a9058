import fc from 'fast-check';
import { afterEach, beforeEach, describe, it } from 'vitest';
import { GUIDE_EVENTS } from '../insights/guide-dataset.ts';
import { seed } from '../insights/query-test-kit.ts';
import {
  AUTH,
  checkProperty,
  type FuzzServer,
  fuzzSettings,
  JSON_TYPE,
  startFuzzServer,
} from '../testing/fuzz-harness.ts';
import { hostileString, jsonText } from '../testing/hostile-json.ts';
import { mutated } from '../testing/mutate-json.ts';

const settings = fuzzSettings(process.env);
const API = '/api/projects/@current';
const trends = {
  kind: 'InsightVizNode',
  source: {
    kind: 'TrendsQuery',
    series: [{ kind: 'EventsNode', event: 'auth.login', math: 'dau' }],
    dateRange: { date_from: '2024-02-25', date_to: '2024-03-10' },
    breakdownFilter: { breakdown: 'plan', breakdown_type: 'person' },
  },
};
const variants = [
  { key: 'control', rollout_percentage: 50 },
  { key: 'test', rollout_percentage: 50 },
];

/** Ids of one live object of each kind, which PATCH templates and tiles point at. */
interface Targets {
  flag: number;
  cohort: number;
  insight: number;
  dashboard: number;
  tile: number;
  experiment: number;
  annotation: number;
  eventDefinition: string;
  propertyDefinition: string;
}

interface Route {
  method: 'POST' | 'PATCH';
  path: string;
  templates: unknown[];
  /** Where a created object can be read back, so what was stored is rendered too. */
  readBack?: string;
}

function routes(t: Targets): Record<string, Route[]> {
  return {
    'feature flags': [
      {
        method: 'POST',
        path: `${API}/feature_flags/`,
        readBack: `${API}/feature_flags/`,
        templates: [
          {
            key: 'fz-flag',
            name: 'Fuzzed',
            active: true,
            tags: ['t'],
            evaluation_runtime: 'all',
            evaluation_contexts: ['web'],
            ensure_experience_continuity: false,
            filters: {
              groups: [
                {
                  properties: [{ key: 'plan', type: 'person', operator: 'exact', value: ['pro'] }],
                  rollout_percentage: 50,
                  variant: 'a',
                },
                { properties: [{ key: 'id', type: 'cohort', value: t.cohort }], rollout_percentage: 100 },
              ],
              multivariate: { variants: [{ key: 'a', rollout_percentage: 100 }] },
              payloads: { a: '{"x":1}' },
            },
          },
        ],
      },
      {
        method: 'PATCH',
        path: `${API}/feature_flags/${t.flag}/`,
        templates: [{ name: 'Renamed', active: false, filters: { groups: [{ rollout_percentage: 30 }] } }],
      },
    ],
    cohorts: [
      {
        method: 'POST',
        path: `${API}/cohorts/`,
        readBack: `${API}/cohorts/`,
        templates: [
          {
            name: 'Pro users',
            description: 'd',
            is_static: false,
            filters: {
              properties: {
                type: 'OR',
                values: [
                  { type: 'AND', values: [{ key: 'plan', type: 'person', operator: 'exact', value: 'pro' }] },
                ],
              },
            },
          },
          { name: 'Static', is_static: true, distinct_ids: ['alice', 'bob', 7] },
          {
            name: 'Buyers who are not pro',
            filters: {
              properties: {
                type: 'AND',
                values: [
                  {
                    key: 'purchase',
                    type: 'behavioral',
                    value: 'performed_event_multiple',
                    event_type: 'events',
                    operator: 'gte',
                    operator_value: 3,
                    time_value: 30,
                    time_interval: 'day',
                  },
                  { key: 'plan', type: 'person', operator: 'exact', value: 'pro', negation: true },
                ],
              },
            },
          },
        ],
      },
      {
        method: 'PATCH',
        path: `${API}/cohorts/${t.cohort}/`,
        templates: [{ name: 'R', distinct_ids: ['carol'] }],
      },
    ],
    insights: [
      {
        method: 'POST',
        path: `${API}/insights/`,
        readBack: `${API}/insights/`,
        templates: [
          {
            name: 'I',
            description: 'd',
            query: trends,
            tags: ['x'],
            favorited: true,
            dashboards: [t.dashboard],
          },
        ],
      },
      { method: 'PATCH', path: `${API}/insights/${t.insight}/`, templates: [{ name: 'R', query: trends }] },
    ],
    dashboards: [
      {
        method: 'POST',
        path: `${API}/dashboards/`,
        readBack: `${API}/dashboards/`,
        templates: [
          {
            name: 'D',
            description: 'd',
            pinned: true,
            tags: ['x'],
            filters: { date_from: '-30d', date_to: null },
            tiles: [
              { insight: t.insight, layouts: { sm: { x: 0, y: 0, w: 6, h: 5 } }, color: 'blue' },
              { text: { body: 'note' } },
            ],
          },
          { name: 'From template', use_template: 'user-engagement' },
        ],
      },
      {
        method: 'PATCH',
        path: `${API}/dashboards/${t.dashboard}/`,
        templates: [
          { name: 'R', filters: { date_from: '2024-01-01' } },
          {
            tiles: [
              { id: t.tile, layouts: { sm: { x: 1, y: 2, w: 3, h: 4 }, xs: { x: 0, y: 0, w: 1, h: 1 } } },
            ],
          },
        ],
      },
    ],
    'persons import': [
      {
        method: 'POST',
        path: `${API}/persons/import/`,
        templates: [
          {
            group_types: ['company'],
            persons: [
              {
                distinct_ids: ['fz-person', 'fz-anon'],
                properties: { plan: 'pro', nested: { a: [1, 2] } },
                created_at: '2024-03-01T10:00:00Z',
              },
              { distinct_ids: ['alice'], created_at: '2024-03-02T10:00:00.000+01:00' },
            ],
          },
        ],
      },
    ],
    'projects and environments': [
      {
        method: 'POST',
        path: '/api/projects/',
        templates: [{ name: 'Fuzzed project', timezone: 'Europe/Berlin' }],
      },
      {
        method: 'POST',
        path: `${API}/environments/`,
        readBack: `${API}/environments/`,
        templates: [{ name: 'staging', production: false }],
      },
      {
        method: 'POST',
        path: `${API}/feature_flags/promote/`,
        templates: [{ from: 'staging', to: 'production', flags: [t.flag, 'fz-target'], reason: 'fuzz' }],
      },
    ],
    experiments: [
      {
        method: 'POST',
        path: `${API}/experiments/`,
        readBack: `${API}/experiments/`,
        templates: [
          {
            name: 'E',
            feature_flag_key: 'fz-exp',
            description: 'd',
            parameters: { feature_flag_variants: variants },
            holdout: null,
            stats_config: { method: 'bayesian' },
            exposure_criteria: { exposure_config: { event: '$pageview', properties: [] } },
            metrics: [{ metric_type: 'funnel', series: [{ event: 'auth.login' }] }],
            metrics_secondary: [
              { metric_type: 'mean', source: { event: 'export.done', math: 'sum', math_property: 'rows' } },
            ],
          },
        ],
      },
      {
        method: 'PATCH',
        path: `${API}/experiments/${t.experiment}/`,
        templates: [
          { start_date: '2024-02-25T00:00:00Z', end_date: null, archived: false, description: 'x' },
        ],
      },
      {
        method: 'POST',
        path: `${API}/experiments/${t.experiment}/ship_variant/`,
        templates: [{ variant: 'test' }],
      },
    ],
    annotations: [
      {
        method: 'POST',
        path: `${API}/annotations/`,
        readBack: `${API}/annotations/`,
        templates: [
          {
            content: '2.9.0 released',
            date_marker: '2024-03-01T10:00:00Z',
            scope: 'project',
            creation_type: 'GIT',
          },
          { content: 'On the chart', date_marker: '2024-03-02', dashboard_item: t.insight },
        ],
      },
      {
        method: 'PATCH',
        path: `${API}/annotations/${t.annotation}/`,
        templates: [{ content: 'Edited', date_marker: '2024-03-03T00:00:00+02:00', deleted: false }],
      },
    ],
    definitions: [
      {
        method: 'PATCH',
        path: `${API}/event_definitions/${t.eventDefinition}/`,
        templates: [{ description: 'A login', verified: true, hidden: false }, { description: null }],
      },
      {
        method: 'PATCH',
        path: `${API}/property_definitions/${t.propertyDefinition}/`,
        templates: [{ description: 'Billing plan', verified: false, hidden: true }],
      },
    ],
    'projects and personal keys': [
      {
        method: 'PATCH',
        path: `${API}/`,
        templates: [{ name: 'Renamed', timezone: 'Europe/Berlin', anonymize_ips: true }],
      },
      {
        method: 'PATCH',
        path: `${API}/data_settings/`,
        readBack: `${API}/data_settings/`,
        templates: [
          {
            ip_handling: 'truncate',
            personal_property_keys: ['email', '$set'],
            event_retention_days: 30,
            rollups_enabled: true,
            stale_days: 14,
          },
          { anonymize_ips: false, event_retention_days: null },
        ],
      },
      { method: 'POST', path: '/api/personal_api_keys/', templates: [{ label: 'ci' }] },
    ],
    'guardrails and guarded plans': [
      {
        method: 'POST',
        path: `${API}/feature_flags/${t.flag}/guardrails/`,
        templates: [
          { event: '$exception', denominator_event: '$pageview', threshold: 0.02, window_minutes: 60 },
          { type: 'srm', threshold: 0.001, critical: true },
        ],
      },
      {
        method: 'POST',
        path: `${API}/feature_flags/${t.flag}/rollout_plans/`,
        templates: [
          {
            steps: [
              { payload: { operation: 'update_rollout', value: 10 } },
              {
                scheduled_at: '2099-01-01T00:00:00Z',
                payload: { operation: 'update_rollout', value: 20 },
                guardrails: ['00000000-0000-0000-0000-000000000000'],
              },
            ],
          },
        ],
      },
      {
        method: 'POST',
        path: `${API}/feature_flags/${t.flag}/rollout_plans/00000000-0000-0000-0000-000000000000/resume/`,
        templates: [{}],
      },
    ],
  };
}

let fuzz: FuzzServer;
let targets: Targets;
const create = async (path: string, body: unknown) =>
  (await fuzz.check(path, {
    method: 'POST',
    headers: { ...AUTH, ...JSON_TYPE },
    body: JSON.stringify(body),
  })) as {
    id: number;
    tiles?: { id: number }[];
  };

// A fresh server per property: one that poisons the state (a stored flag that breaks every /flags) must not
// fail the families after it.
beforeEach(async () => {
  fuzz = await startFuzzServer();
  await seed(fuzz.server, GUIDE_EVENTS);
  const flag = await create(`${API}/feature_flags/`, { key: 'fz-target', filters: { groups: [] } });
  await create(`${API}/environments/`, { name: 'staging' });
  const cohort = await create(`${API}/cohorts/`, {
    name: 'Target',
    is_static: true,
    distinct_ids: ['alice'],
  });
  const insight = await create(`${API}/insights/`, { name: 'Target', query: trends });
  const dashboard = await create(`${API}/dashboards/`, { name: 'Target', tiles: [{ insight: insight.id }] });
  const experiment = await create(`${API}/experiments/`, {
    name: 'Target',
    feature_flag_key: 'fz-target-exp',
    parameters: { feature_flag_variants: variants },
    metrics: [{ metric_type: 'funnel', series: [{ event: 'auth.login' }] }],
  });
  const annotation = await create(`${API}/annotations/`, { content: 'Target', date_marker: '2024-03-01' });
  await fuzz.server.signpost.definitions.flush();
  const definitionOf = async (path: string) =>
    ((await fuzz.check(path, { headers: AUTH })) as { results: { id: string }[] }).results[0]?.id ?? 'none';
  const tile = dashboard.tiles?.[0]?.id;
  if (tile === undefined) throw new Error('the target dashboard has no tile');
  targets = {
    flag: flag.id,
    cohort: cohort.id,
    insight: insight.id,
    dashboard: dashboard.id,
    tile,
    experiment: experiment.id,
    annotation: annotation.id,
    eventDefinition: await definitionOf(`${API}/event_definitions/`),
    propertyDefinition: await definitionOf(`${API}/property_definitions/?type=person`),
  };
});
afterEach(async () => {
  try {
    await fuzz.expectHealthy();
  } finally {
    await fuzz.stop();
  }
});

const FAMILIES = Object.keys(
  routes({
    flag: 1,
    cohort: 1,
    insight: 1,
    dashboard: 1,
    tile: 1,
    experiment: 1,
    annotation: 1,
    eventDefinition: '',
    propertyDefinition: '',
  }),
);

describe('management fuzz: any body answers 2xx or a declared 4xx, and what was stored reads back', {
  timeout: settings.timeoutMs,
}, () => {
  for (const family of FAMILIES) {
    it(`${family}: structured but wrong bodies`, async () => {
      const family_routes = routes(targets)[family] ?? [];
      const input = fc
        .nat({ max: family_routes.length - 1 })
        .chain((i) => fc.record({ route: fc.constant(i), body: mutated(family_routes[i]?.templates ?? []) }));
      await checkProperty(settings, 100, input, async ({ route, body }) => {
        const { method, path, readBack } = family_routes[route] as Route;
        const init = { method, headers: { ...AUTH, ...JSON_TYPE }, body: jsonText(body) };
        const created = (await fuzz.check(path, init)) as { id?: unknown } | undefined;
        if (readBack && typeof created?.id === 'number')
          await fuzz.check(`${readBack}${created.id}/`, { headers: AUTH }, `read back ${method} ${path}`);
      });
    });
  }

  it('arbitrary text on every management route, with any content type', async () => {
    const all = Object.values(routes(targets)).flat();
    const input = fc.record({
      route: fc.nat({ max: all.length - 1 }),
      body: fc.oneof(hostileString, fc.string({ unit: 'binary', maxLength: 300 }), fc.json({ maxDepth: 3 })),
      type: fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded', ''),
    });
    await checkProperty(settings, 150, input, async ({ route, body, type }) => {
      const { method, path } = all[route] as Route;
      await fuzz.check(path, { method, headers: { ...AUTH, 'content-type': type }, body });
    });
  });
});
