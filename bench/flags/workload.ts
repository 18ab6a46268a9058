/**
 * The shared workload: 10k users with varied person properties and two flags, written once per system.
 * Flag A: `email icontains "acme.com"` (100%) OR a 30% rollout for everyone. Flag B: control 34 / test-a 33 /
 * test-b 33 at 100%.
 */
import type { Definitions } from '../../packages/flags-engine/src/index.ts';

export const USER_COUNT = 10_000;
export const FLAG_A = 'flag-a';
export const FLAG_B = 'flag-b';
export const VARIANTS = ['control', 'test-a', 'test-b'] as const;

export interface User {
  distinctId: string;
  properties: Record<string, string | number | boolean>;
}

/** mulberry32: a small seeded PRNG so every run sees the same users. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PLANS = ['free', 'starter', 'pro', 'enterprise'];
const COUNTRIES = ['US', 'DE', 'FR', 'GB', 'BR', 'IN', 'JP', 'CA', 'AU', 'ES'];
const DOMAINS = ['gmail.com', 'example.org', 'acmeco.net', 'outlook.com', 'corp.io'];

export function makeUsers(count = USER_COUNT): User[] {
  const random = prng(20261124);
  const users: User[] = [];
  for (let i = 0; i < count; i++) {
    const r = random();
    // ~20% at acme.com, a few of them with an upper-case domain so the match must be case-insensitive.
    const domain =
      r < 0.18 ? 'acme.com' : r < 0.2 ? 'ACME.com' : DOMAINS[Math.floor(random() * DOMAINS.length)]!;
    users.push({
      distinctId: `user-${i.toString(36)}-${Math.floor(random() * 1e9).toString(36)}`,
      properties: {
        email: `person${i}@${domain}`,
        plan: PLANS[Math.floor(random() * PLANS.length)]!,
        country: COUNTRIES[Math.floor(random() * COUNTRIES.length)]!,
        signup_days: Math.floor(random() * 900),
        is_beta: random() < 0.1,
      },
    });
  }
  return users;
}

/** PostHog's `/flags/definitions` shape: used by Signpost's engine and served to posthog-node. */
export const posthogDefinitions: Definitions = {
  flags: [
    {
      id: 1,
      key: FLAG_A,
      active: true,
      ensure_experience_continuity: false,
      filters: {
        groups: [
          {
            properties: [{ key: 'email', type: 'person', operator: 'icontains', value: 'acme.com' }],
            rollout_percentage: 100,
          },
          { properties: [], rollout_percentage: 30 },
        ],
      },
    },
    {
      id: 2,
      key: FLAG_B,
      active: true,
      ensure_experience_continuity: false,
      filters: {
        groups: [{ properties: [], rollout_percentage: 100 }],
        multivariate: {
          variants: [
            { key: 'control', rollout_percentage: 34 },
            { key: 'test-a', rollout_percentage: 33 },
            { key: 'test-b', rollout_percentage: 33 },
          ],
        },
      },
    },
  ],
  group_type_mapping: {},
  cohorts: {},
};

/** GrowthBook features: a targeted force rule, a 30% rollout rule, and a 3-way experiment rule. */
export const growthbookFeatures = {
  [FLAG_A]: {
    defaultValue: false,
    rules: [
      { id: 'a-acme', condition: { email: { $regexi: 'acme\\.com' } }, force: true },
      { id: 'a-rollout', force: true, coverage: 0.3, hashAttribute: 'id' },
    ],
  },
  [FLAG_B]: {
    defaultValue: null,
    rules: [
      {
        id: 'b-exp',
        key: FLAG_B,
        variations: [...VARIANTS],
        weights: [0.34, 0.33, 0.33],
        coverage: 1,
        hashAttribute: 'id',
      },
    ],
  },
};

/** Unleash client features (`/api/client/features` shape). */
export const unleashFeatures = [
  {
    name: FLAG_A,
    enabled: true,
    type: 'release',
    project: 'default',
    strategies: [
      {
        name: 'default',
        parameters: {},
        constraints: [
          {
            contextName: 'email',
            operator: 'STR_CONTAINS',
            values: ['acme.com'],
            caseInsensitive: true,
            inverted: false,
          },
        ],
      },
      {
        name: 'flexibleRollout',
        parameters: { rollout: '30', stickiness: 'default', groupId: FLAG_A },
        constraints: [],
      },
    ],
  },
  {
    name: FLAG_B,
    enabled: true,
    type: 'experiment',
    project: 'default',
    strategies: [
      {
        name: 'flexibleRollout',
        parameters: { rollout: '100', stickiness: 'default', groupId: FLAG_B },
        constraints: [],
      },
    ],
    variants: [
      { name: 'control', weight: 340, stickiness: 'default' },
      { name: 'test-a', weight: 330, stickiness: 'default' },
      { name: 'test-b', weight: 330, stickiness: 'default' },
    ],
  },
];
