/**
 * Twenty flags in PostHog's management-API shape, a realistic mix: booleans and rollouts, person-property
 * targeting with a dozen operators, multivariates with payloads, a group flag and two cohort flags.
 */

type Props = Record<string, unknown>;

export const DYNAMIC_COHORT = {
  name: 'Pro or German',
  filters: {
    properties: {
      type: 'OR',
      values: [
        { type: 'AND', values: [{ key: 'plan', type: 'person', operator: 'exact', value: 'pro' }] },
        { type: 'AND', values: [{ key: 'country', type: 'person', operator: 'exact', value: 'DE' }] },
      ],
    },
  },
};

const person = (key: string, operator: string, value: unknown) => ({ key, type: 'person', operator, value });
const when = (properties: unknown[], rollout_percentage = 100) => ({
  groups: [{ properties, rollout_percentage }],
});

export function flagSuite(dynamicCohortId: number, staticCohortId: number): Props[] {
  return [
    { key: 'new-navigation', name: 'Everyone', filters: { ...when([]), payloads: { true: { nav: 'v2' } } } },
    { key: 'dark-mode', filters: when([], 50) },
    { key: 'beta-banner', filters: when([], 10) },
    { key: 'pro-features', filters: when([person('plan', 'exact', ['pro', 'enterprise'])]) },
    { key: 'eu-checkout', filters: when([person('country', 'exact', ['DE', 'FR', 'NL'])], 60) },
    { key: 'not-us-pricing', filters: when([person('country', 'is_not', 'US')]) },
    {
      key: 'acme-internal',
      filters: {
        groups: [{ properties: [person('email', 'icontains', 'acme.com')] }, { rollout_percentage: 30 }],
      },
    },
    {
      key: 'email-regex',
      filters: when([person('email', 'regex', '^[a-m][a-z]*[0-9]+@example\\.(com|org)$')]),
    },
    { key: 'power-users', filters: when([person('sessions', 'gt', 150)]) },
    { key: 'beta-testers', filters: when([person('beta_tester', 'is_set', 'is_set')]) },
    { key: 'early-adopters', filters: when([person('signup_date', 'is_date_before', '2023-01-01')]) },
    { key: 'new-app-version', filters: when([person('app_version', 'semver_gte', '1.4.0')]) },
    {
      key: 'chrome-desktop',
      filters: when([person('$browser', 'exact', 'Chrome'), person('$os', 'is_not', ['iOS', 'Android'])], 75),
    },
    {
      key: 'checkout-experiment',
      filters: {
        groups: [
          { properties: [person('plan', 'exact', 'enterprise')], rollout_percentage: 100, variant: 'alt' },
          { properties: [], rollout_percentage: 80 },
        ],
        multivariate: {
          variants: [
            { key: 'control', rollout_percentage: 50 },
            { key: 'test', rollout_percentage: 30 },
            { key: 'alt', rollout_percentage: 20 },
          ],
        },
        payloads: { control: { color: 'blue' }, test: { color: 'green', size: 2 }, alt: '"just a string"' },
      },
    },
    {
      key: 'pricing-page',
      filters: {
        ...when([person('email', 'not_icontains', 'gmail.com')]),
        multivariate: {
          variants: [
            { key: 'monthly', rollout_percentage: 50 },
            { key: 'annual', rollout_percentage: 50 },
          ],
        },
        payloads: { monthly: { period: 'month' }, annual: { period: 'year', discount: 0.2 } },
      },
    },
    {
      key: 'company-dashboards',
      filters: {
        aggregation_group_type_index: 0,
        groups: [
          {
            properties: [
              { key: 'tier', type: 'group', group_type_index: 0, operator: 'exact', value: 'enterprise' },
            ],
            rollout_percentage: 100,
          },
          {
            properties: [
              { key: 'employees', type: 'group', group_type_index: 0, operator: 'gte', value: 200 },
            ],
            rollout_percentage: 50,
          },
        ],
        payloads: { true: { dashboards: 10 } },
      },
    },
    { key: 'pro-or-german', filters: when([{ key: 'id', type: 'cohort', value: dynamicCohortId }]) },
    { key: 'hand-picked', filters: when([{ key: 'id', type: 'cohort', value: staticCohortId }]) },
    { key: 'low-sessions', filters: when([person('sessions', 'lt', 20), person('plan', 'is_not', 'free')]) },
    {
      key: 'example-domains',
      filters: when([person('email', 'icontains_multi', ['example.com', 'example.org'])], 40),
    },
  ];
}
