/**
 * The 20 flags of flag-suite.ts as Unleash 7 toggles (flexibleRollout strategies with constraints, strategy
 * variants with payloads). Unleash keeps no persons or groups, so everything a constraint reads must come with
 * the request; where Unleash has no equivalent operator the nearest one is used (noted inline).
 */

interface Constraint {
  contextName: string;
  operator: string;
  values?: string[];
  value?: string;
  caseInsensitive?: boolean;
  inverted?: boolean;
}

interface Strategy {
  rollout?: number;
  constraints?: Constraint[];
  /** Names of segments (Unleash's reusable constraint sets) the strategy requires. */
  segments?: string[];
  variants?: { name: string; weight: number; payload?: unknown }[];
}

export interface Segment {
  name: string;
  constraints: Constraint[];
}

/** The static cohort: more ids than one constraint may list (250), so a segment (up to 1,000). */
export const unleashSegments = (staticMembers: string[]): Segment[] => [
  { name: 'hand-picked', constraints: [c('userId', 'IN', staticMembers)] },
];

export interface Toggle {
  name: string;
  strategies: Strategy[];
}

/** Custom context fields the constraints use (Unleash wants them declared). */
export const CONTEXT_FIELDS = [
  'plan',
  'country',
  'email',
  'sessions',
  'signupDate',
  'betaTester',
  'appVersion',
  'browser',
  'os',
  'companyTier',
  'companyEmployees',
];

const c = (contextName: string, operator: string, values: string[], extra: Partial<Constraint> = {}) => ({
  contextName,
  operator,
  ...(operator.startsWith('NUM_') || operator.startsWith('DATE_') || operator.startsWith('SEMVER_')
    ? { value: values[0] }
    : { values }),
  ...extra,
});

export function unleashToggles(): Toggle[] {
  const only = (constraints: Constraint[], rollout = 100): Strategy[] => [{ rollout, constraints }];
  return [
    {
      name: 'new-navigation',
      strategies: [{ variants: [{ name: 'on', weight: 1000, payload: { nav: 'v2' } }] }],
    },
    { name: 'dark-mode', strategies: [{ rollout: 50 }] },
    { name: 'beta-banner', strategies: [{ rollout: 10 }] },
    { name: 'pro-features', strategies: only([c('plan', 'IN', ['pro', 'enterprise'])]) },
    { name: 'eu-checkout', strategies: only([c('country', 'IN', ['DE', 'FR', 'NL'])], 60) },
    { name: 'not-us-pricing', strategies: only([c('country', 'NOT_IN', ['US'])]) },
    {
      name: 'acme-internal',
      strategies: [
        { constraints: [c('email', 'STR_CONTAINS', ['acme.com'], { caseInsensitive: true })] },
        { rollout: 30 },
      ],
    },
    // No regex operator in Unleash: the domain part of the same pattern.
    {
      name: 'email-regex',
      strategies: only([c('email', 'STR_ENDS_WITH', ['@example.com', '@example.org'])]),
    },
    { name: 'power-users', strategies: only([c('sessions', 'NUM_GT', ['150'])]) },
    // No is_set either: any value but the empty one.
    { name: 'beta-testers', strategies: only([c('betaTester', 'IN', ['true'])]) },
    {
      name: 'early-adopters',
      strategies: only([c('signupDate', 'DATE_BEFORE', ['2023-01-01T00:00:00.000Z'])]),
    },
    // semver_gte 1.4.0 = greater than the last version before it that the population has.
    { name: 'new-app-version', strategies: only([c('appVersion', 'SEMVER_GT', ['1.3.99'])]) },
    {
      name: 'chrome-desktop',
      strategies: only([c('browser', 'IN', ['Chrome']), c('os', 'NOT_IN', ['iOS', 'Android'])], 75),
    },
    {
      name: 'checkout-experiment',
      strategies: [
        {
          constraints: [c('plan', 'IN', ['enterprise'])],
          variants: [{ name: 'alt', weight: 1000, payload: 'just a string' }],
        },
        {
          rollout: 80,
          variants: [
            { name: 'control', weight: 500, payload: { color: 'blue' } },
            { name: 'test', weight: 300, payload: { color: 'green', size: 2 } },
            { name: 'alt', weight: 200, payload: 'just a string' },
          ],
        },
      ],
    },
    {
      name: 'pricing-page',
      strategies: [
        {
          constraints: [c('email', 'STR_CONTAINS', ['gmail.com'], { caseInsensitive: true, inverted: true })],
          variants: [
            { name: 'monthly', weight: 500, payload: { period: 'month' } },
            { name: 'annual', weight: 500, payload: { period: 'year', discount: 0.2 } },
          ],
        },
      ],
    },
    {
      name: 'company-dashboards',
      strategies: [
        { constraints: [c('companyTier', 'IN', ['enterprise'])] },
        { rollout: 50, constraints: [c('companyEmployees', 'NUM_GTE', ['200'])] },
      ],
    },
    // The dynamic cohort "plan = pro OR country = DE": one strategy per OR branch.
    {
      name: 'pro-or-german',
      strategies: [
        { constraints: [c('plan', 'IN', ['pro'])] },
        { constraints: [c('country', 'IN', ['DE'])] },
      ],
    },
    { name: 'hand-picked', strategies: [{ segments: ['hand-picked'] }] },
    {
      name: 'low-sessions',
      strategies: only([c('sessions', 'NUM_LT', ['20']), c('plan', 'NOT_IN', ['free'])]),
    },
    {
      name: 'example-domains',
      strategies: only([c('email', 'STR_CONTAINS', ['example.com', 'example.org'])], 40),
    },
  ];
}

/** The admin-API body of one strategy. */
export function strategyBody(
  toggle: string,
  s: Strategy,
  segmentIds: Map<string, number>,
): Record<string, unknown> {
  return {
    segments: (s.segments ?? []).map((name) => segmentIds.get(name)),
    name: 'flexibleRollout',
    parameters: { rollout: String(s.rollout ?? 100), stickiness: 'default', groupId: toggle },
    constraints: s.constraints ?? [],
    variants: (s.variants ?? []).map((v) => ({
      name: v.name,
      weight: v.weight,
      weightType: 'variable',
      stickiness: 'default',
      ...(v.payload === undefined
        ? {}
        : typeof v.payload === 'string'
          ? { payload: { type: 'string', value: v.payload } }
          : { payload: { type: 'json', value: JSON.stringify(v.payload) } }),
    })),
  };
}
