// A small PostHog project in the shapes PostHog's API answers (its serializers' fields, read-only ones included,
// so a test proves the source drops them). Ids are chosen so id order is NOT dependency order: flag 3 depends on
// flag 11, cohort 5 refers to cohort 8.

type Json = Record<string, unknown>;

export const FAKE_PROJECT = { id: 1, name: 'Fake shop', api_token: 'phc_fake_project_token_0001' };
export const FAKE_PERSONAL_KEY = 'phx_fake_personal_key_0001';

const createdBy = {
  id: 1,
  uuid: '0190aaaa-0000-7000-8000-000000000001',
  first_name: 'Ada',
  email: 'ada@example.com',
};

export const GROUP_TYPES: Json[] = [
  { group_type: 'organization', group_type_index: 1, name_singular: 'Org', name_plural: 'Orgs' },
  { group_type: 'company', group_type_index: 0, name_singular: null, name_plural: null },
];

const proFilter = {
  properties: {
    type: 'OR',
    values: [{ type: 'AND', values: [{ key: 'plan', type: 'person', value: ['pro'], operator: 'exact' }] }],
  },
};

export const COHORTS: Json[] = [
  {
    id: 5,
    name: 'Pro in Europe',
    description: '',
    filters: {
      properties: {
        type: 'AND',
        values: [
          { key: 'id', type: 'cohort', value: 8, negation: false },
          { key: 'region', type: 'person', value: ['eu'], operator: 'exact' },
        ],
      },
    },
    is_static: false,
    deleted: false,
    count: 1,
    is_calculating: false,
    created_by: createdBy,
    created_at: '2026-10-01T10:00:00Z',
    last_calculation: '2026-11-01T10:00:00Z',
    errors_calculating: 0,
    groups: [],
  },
  {
    id: 7,
    name: 'Beta testers',
    description: 'Hand-picked',
    filters: null,
    groups: [],
    is_static: true,
    deleted: false,
    count: 2,
    created_by: createdBy,
  },
  {
    id: 8,
    name: 'Pro plan',
    description: '',
    filters: proFilter,
    groups: [],
    is_static: false,
    deleted: false,
    count: 2,
    created_by: createdBy,
  },
  {
    id: 9,
    name: 'Removed',
    description: '',
    filters: proFilter,
    groups: [],
    is_static: false,
    deleted: true,
    count: 0,
  },
];

/** Static cohort id → person ids in it. */
export const STATIC_MEMBERS = new Map<number, number[]>([[7, [101, 103]]]);

const readOnlyFlagFields = {
  created_by: createdBy,
  created_at: '2026-10-01T10:00:00Z',
  is_simple_flag: false,
  rollout_percentage: null,
  experiment_set: [],
  surveys: [],
  features: [],
  usage_dashboard: 55,
  analytics_dashboards: [],
  can_edit: true,
  status: 'ACTIVE',
  user_access_level: 'editor',
  last_called_at: null,
  version: 2,
};

export const FLAGS: Json[] = [
  {
    id: 3,
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
    deleted: false,
    active: true,
    ensure_experience_continuity: false,
    tags: ['growth'],
    evaluation_runtime: 'all',
    is_remote_configuration: false,
    ...readOnlyFlagFields,
  },
  {
    id: 11,
    key: 'new-onboarding',
    name: 'New onboarding',
    filters: {
      groups: [{ properties: [], rollout_percentage: 50, variant: null }],
      multivariate: null,
      payloads: {},
    },
    deleted: false,
    active: true,
    ensure_experience_continuity: false,
    tags: [],
    evaluation_runtime: 'all',
    is_remote_configuration: false,
    ...readOnlyFlagFields,
  },
  {
    id: 12,
    key: 'checkout-test',
    name: 'Checkout experiment',
    filters: {
      groups: [{ properties: [], rollout_percentage: 100, variant: null }],
      multivariate: {
        variants: [
          { key: 'control', name: 'Control', rollout_percentage: 50 },
          { key: 'test', name: 'Green button', rollout_percentage: 50 },
        ],
      },
      payloads: { control: '{"color":"blue"}', test: '{"color":"green"}' },
    },
    deleted: false,
    active: true,
    ensure_experience_continuity: false,
    tags: [],
    evaluation_runtime: 'all',
    is_remote_configuration: false,
    ...readOnlyFlagFields,
  },
  {
    id: 13,
    key: 'pro-reports',
    name: 'Reports for the pro plan',
    filters: {
      groups: [
        {
          properties: [{ key: 'plan', type: 'person', value: ['pro'], operator: 'exact' }],
          rollout_percentage: 100,
        },
      ],
    },
    deleted: false,
    active: true,
    ensure_experience_continuity: false,
    tags: [],
    ...readOnlyFlagFields,
  },
  {
    id: 14,
    key: 'old-flag',
    name: 'Gone',
    filters: { groups: [] },
    deleted: true,
    active: false,
    ...readOnlyFlagFields,
  },
];

const trends = (event: string) => ({
  kind: 'InsightVizNode',
  source: { kind: 'TrendsQuery', series: [{ kind: 'EventsNode', event, math: 'total' }], interval: 'day' },
});

export const INSIGHTS: Json[] = [
  {
    id: 21,
    short_id: 'aB3dE5fG',
    name: 'Daily signups',
    derived_name: 'signed_up count',
    description: 'From the landing page',
    query: trends('signed_up'),
    tags: ['growth'],
    favorited: true,
    deleted: false,
    saved: true,
    dashboards: [31],
    dashboard_tiles: [{ id: 1, dashboard_id: 31, deleted: null }],
    result: [{ data: [1, 2, 3] }],
    last_refresh: '2026-11-03T00:00:00Z',
    created_by: createdBy,
  },
  {
    id: 22,
    short_id: 'hI7jK9lM',
    name: null,
    derived_name: 'Pageview count',
    description: null,
    query: trends('$pageview'),
    tags: [],
    favorited: false,
    deleted: false,
    saved: true,
    dashboards: [31],
  },
];

export const DASHBOARDS: Json[] = [
  {
    id: 31,
    name: 'Growth',
    description: 'Weekly review',
    pinned: true,
    filters: { date_from: '-30d' },
    tags: [],
    deleted: false,
    created_by: createdBy,
    is_shared: false,
    tiles: [
      {
        id: 1,
        insight: { id: 21, short_id: 'aB3dE5fG', name: 'Daily signups' },
        layouts: { sm: { x: 0, y: 0, w: 6, h: 5 } },
        color: 'blue',
        deleted: null,
      },
      {
        id: 2,
        text: { id: 9, body: 'Read me first' },
        insight: null,
        layouts: { sm: { x: 6, y: 0, w: 6, h: 2 } },
        color: null,
      },
      {
        id: 3,
        insight: { id: 22, short_id: 'hI7jK9lM', name: null },
        layouts: {},
        color: null,
        deleted: null,
      },
      { id: 4, insight: { id: 99 }, layouts: {}, deleted: true },
    ],
  },
];

export const EXPERIMENTS: Json[] = [
  {
    id: 41,
    name: 'Green checkout',
    description: 'Does green sell more?',
    start_date: '2026-11-01T00:00:00Z',
    end_date: null,
    feature_flag_key: 'checkout-test',
    feature_flag: { id: 12, key: 'checkout-test', active: true },
    holdout: { id: 2, name: 'Global holdout', filters: [{ properties: [], rollout_percentage: 10 }] },
    holdout_id: 2,
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
    metrics_secondary: [],
    stats_config: null,
    exposure_criteria: null,
    archived: false,
    deleted: false,
    type: 'product',
    created_by: createdBy,
    created_at: '2026-10-30T00:00:00Z',
    updated_at: '2026-11-01T00:00:00Z',
  },
];

const person = (id: number, distinctIds: string[], properties: Json) => ({
  id,
  uuid: `0190bbbb-0000-7000-8000-${String(id).padStart(12, '0')}`,
  name: distinctIds[0],
  distinct_ids: distinctIds,
  properties,
  created_at: `2026-10-${String(id - 90).padStart(2, '0')}T08:00:00Z`,
  is_identified: distinctIds.length > 1,
});

export const PERSONS: Json[] = [
  person(101, ['alice@example.com', 'anon-a1', 'anon-a2'], {
    plan: 'pro',
    region: 'eu',
    email: 'alice@example.com',
  }),
  person(102, ['bob@example.com'], { plan: 'free', region: 'us' }),
  person(103, ['carol@example.com', 'anon-c1'], { plan: 'pro', region: 'us' }),
  person(104, ['dave', 'anon-d1'], { plan: 'free' }),
  person(105, ['erin'], {}),
];

/** Events over three days; two share a timestamp so keyset paging must order ties by uuid. */
export const EVENTS: Json[] = Array.from({ length: 14 }, (_, i) => {
  const day = 1 + Math.floor(i / 5);
  const second = i === 7 ? 6 : i;
  return {
    uuid: `0190cccc-0000-7000-8000-${String(14 - i).padStart(12, '0')}`,
    event: i % 3 === 0 ? 'signed_up' : '$pageview',
    distinct_id: ['alice@example.com', 'anon-a1', 'bob@example.com', 'dave'][i % 4],
    properties: { $current_url: `https://shop.example/${i}`, n: i },
    timestamp: `2026-11-0${day}T10:00:${String(second).padStart(2, '0')}.000000Z`,
  };
});
