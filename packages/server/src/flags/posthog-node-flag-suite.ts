import { createHash } from 'node:crypto';

// The flag suite the posthog-node conformance test runs: 16 flags over the operators, groups, cohorts, payloads
// and multivariate overrides, 1,000 generated users and 40 companies, and an independent model of what PostHog's
// server answers for each (so the test checks the server as well as posthog-node against it).

type FlagValue = boolean | string;
export type Props = Record<string, unknown>;
// ---------------------------------------------------------------------------------------------------------
// PostHog's hash (compat notes §3.1), for the independent model

export function hash(key: string, id: string, salt = ''): number {
  const hex = createHash('sha1').update(`${key}.${id}${salt}`).digest('hex').slice(0, 15);
  return Number.parseInt(hex, 16) / (2 ** 60 - 1); // 0xfffffffffffffff as a double
}

function variantFor(
  key: string,
  id: string,
  variants: { key: string; rollout_percentage: number }[],
): FlagValue {
  const h = hash(key, id, 'variant');
  let min = 0;
  for (const v of variants) {
    const max = min + v.rollout_percentage / 100;
    if (h >= min && h < max) return v.key;
    min = max;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------------------
// The flag suite

export const MV_VARIANTS = [
  { key: 'control', rollout_percentage: 50 },
  { key: 'test', rollout_percentage: 30 },
  { key: 'alt', rollout_percentage: 20 },
];
const MV_PAYLOADS = {
  control: { color: 'blue' },
  test: '{"color":"green","size":2}',
  alt: '"just a string"',
};
export const BOOL_PAYLOAD = { banner: 'hello', items: [1, 2, 3] };
const REGEX = '^[a-m][a-z]*[0-9]+@example\\.(com|org)$';
const DATE_CUTOFF = '2024-01-01';

/** The flags, created in this order (dependencies after what they depend on). Cohort ids are filled in later. */
export function suiteFlags(dynamicCohort: number, staticCohort: number): Props[] {
  const person = (key: string, operator: string, value: unknown) => ({
    key,
    type: 'person',
    operator,
    value,
  });
  const all = (properties: unknown[], rollout_percentage = 100) => ({
    groups: [{ properties, rollout_percentage }],
  });
  return [
    { key: 'bool-all', name: 'Everyone', filters: { ...all([]), payloads: { true: BOOL_PAYLOAD } } },
    { key: 'rollout-30', filters: { ...all([], 30), payloads: { true: '30' } } },
    { key: 'plan-exact', filters: all([person('plan', 'exact', ['pro', 'enterprise'])]) },
    { key: 'country-is-not', filters: all([person('country', 'is_not', 'US')]) },
    { key: 'email-icontains', filters: all([person('email', 'icontains', '@acme.com')], 80) },
    { key: 'email-regex', filters: all([person('email', 'regex', REGEX)]) },
    { key: 'age-gt', filters: all([person('age', 'gt', 30)]) },
    { key: 'beta-is-set', filters: all([person('beta_tester', 'is_set', 'is_set')]) },
    { key: 'signup-before', filters: all([person('signup_date', 'is_date_before', DATE_CUTOFF)]) },
    { key: 'app-semver', filters: all([person('app_version', 'semver_gte', '1.4.0')]) },
    {
      key: 'multivariate',
      filters: {
        groups: [
          { properties: [person('plan', 'exact', 'enterprise')], rollout_percentage: 100, variant: 'alt' },
          { properties: [], rollout_percentage: 60 },
        ],
        multivariate: { variants: MV_VARIANTS },
        payloads: MV_PAYLOADS,
      },
    },
    {
      key: 'company-flag',
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
        payloads: { true: { group: 'yes' } },
      },
    },
    { key: 'cohort-dynamic', filters: all([{ key: 'id', type: 'cohort', value: dynamicCohort }]) },
    { key: 'cohort-static', filters: all([{ key: 'id', type: 'cohort', value: staticCohort }]) },
    {
      key: 'depends-on',
      filters: {
        groups: [
          {
            properties: [{ key: 'rollout-30', type: 'flag', operator: 'flag_evaluates_to', value: true }],
            rollout_percentage: 100,
          },
          {
            properties: [{ key: 'multivariate', type: 'flag', operator: 'flag_evaluates_to', value: 'test' }],
            rollout_percentage: 100,
          },
        ],
      },
    },
    { key: 'inactive', active: false, filters: all([]) },
  ];
}

export const FLAG_KEYS = [
  'bool-all',
  'rollout-30',
  'plan-exact',
  'country-is-not',
  'email-icontains',
  'email-regex',
  'age-gt',
  'beta-is-set',
  'signup-before',
  'app-semver',
  'multivariate',
  'company-flag',
  'cohort-dynamic',
  'cohort-static',
  'depends-on',
  'inactive',
];

// ---------------------------------------------------------------------------------------------------------
// Users

const USERS = 1000;
const COMPANIES = 40;

export interface User {
  id: string;
  /** What each request sends. */
  props: Props;
  /** Set on the person beforehand through `$set` (identify); the server merges it under `props`. */
  stored: Props;
  groups: Record<string, string>;
  /** What each request sends for the groups. */
  groupProps: Record<string, Props>;
}

interface Company {
  key: string;
  /** Sent in requests. */
  props: Props;
  /** Stored beforehand through groupIdentify. */
  stored: Props | undefined;
}

/** mulberry32: a small deterministic PRNG, so a failure reproduces. */
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

const MISSING = Symbol('missing');

export function makeCompanies(): Company[] {
  return Array.from({ length: COMPANIES }, (_, k) => {
    const props = { tier: ['free', 'startup', 'enterprise', 'Enterprise'][k % 4], employees: (k * 37) % 500 };
    const key = `company-${k}`;
    // 0–7: known only from groupIdentify. 8–15: stored says enterprise, the request says otherwise (request wins).
    if (k < 8) return { key, props: {}, stored: props };
    if (k < 16)
      return { key, props: { ...props, tier: 'free' }, stored: { tier: 'enterprise', employees: 999 } };
    return { key, props, stored: undefined };
  });
}

export function makeUsers(companies: Company[]): User[] {
  const random = prng(20240601);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const users: User[] = [];
  for (let i = 0; i < USERS; i++) {
    const props: Props = {};
    const put = (key: string, value: unknown) => {
      if (value !== MISSING) props[key] = value;
    };
    put('plan', pick(['free', 'free', 'pro', 'enterprise', 'Pro', 'ENTERPRISE', MISSING]));
    put('country', pick(['US', 'US', 'us', 'DE', 'FR', 'GB', MISSING]));
    const name = pick(['alice', 'bob', 'carol', 'dave', 'mallory', 'zed', 'Ann']);
    const domain = pick(['acme.com', 'ACME.COM', 'example.com', 'example.org', 'gmail.com', 'sub.acme.com']);
    put('email', random() < 0.05 ? MISSING : `${name}${i}@${domain}`);
    const r = random();
    const age = 16 + Math.floor(random() * 60);
    // Non-numeric strings are the known gt/lt divergence (see below).
    put(
      'age',
      r < 0.75 ? age : r < 0.83 ? String(age) : r < 0.9 ? pick(['unknown', 'n/a', '42abc']) : MISSING,
    );
    put('beta_tester', pick([true, true, false, null, MISSING, MISSING, MISSING]));
    const day = new Date(Date.UTC(2022, 0, 1) + Math.floor(random() * 4 * 365) * 86_400_000);
    const iso = day.toISOString();
    put(
      'signup_date',
      pick([
        iso.slice(0, 10),
        iso.slice(0, 10),
        iso.replace('T00:00:00.000Z', `T${String(Math.floor(random() * 24)).padStart(2, '0')}:15:00Z`),
        iso.replace('T00:00:00.000Z', 'T01:30:00+05:30'),
        'not a date',
        MISSING,
      ]),
    );
    // 1.4.0-beta.1 is the known pre-release divergence (see below).
    put(
      'app_version',
      pick(['1.2.3', '1.4.0', '1.10.2', '2.0', 'v1.5.0', '0.9.9', '1.3.99', '1.4.0-beta.1', '3', MISSING]),
    );

    let stored: Props = {};
    if (i % 10 === 3) {
      // Known only from the person: the request does not send plan or country.
      stored = { plan: pick(['pro', 'enterprise', 'free']), country: pick(['US', 'DE']) };
      delete props.plan;
      delete props.country;
    } else if (i % 10 === 7) {
      // Stored values under the request's: the request wins where it sends the key.
      stored = { plan: 'enterprise', email: `stored${i}@acme.com`, country: 'DE' };
    }

    const groups: Record<string, string> = {};
    const groupProps: Record<string, Props> = {};
    if (random() < 0.85) {
      const company = pick(companies);
      groups.company = company.key;
      groupProps.company = { ...company.props };
    }
    users.push({ id: `user-${String(i).padStart(4, '0')}`, props, stored, groups, groupProps });
  }
  return users;
}

export const staticMember = (i: number) => i % 7 === 2;

// ---------------------------------------------------------------------------------------------------------
// Independent model of the server's answer (PostHog's flags service semantics, compat notes §3)

const has = (props: Props, key: string) => Object.hasOwn(props, key);
export const str = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

/** Rust's f64 parse: a JSON number, or a string that is a plain decimal number. */
function asNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(v)) return Number(v);
  return undefined;
}

function asDate(v: unknown): number | undefined {
  if (typeof v !== 'string') return undefined;
  const t = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T00:00:00Z` : v);
  return Number.isNaN(t) ? undefined : t;
}

/** Full semver ordering, pre-releases below their release, as the server does. */
function semverGte(v: unknown, floor: [number, number, number]): boolean {
  if (typeof v !== 'string') return false;
  const m = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(-[0-9A-Za-z.-]+)?$/.exec(v.trim());
  if (!m) return false;
  const parts = [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)];
  for (let i = 0; i < 3; i++) {
    if ((parts[i] as number) !== floor[i]) return (parts[i] as number) > (floor[i] as number);
  }
  return m[4] === undefined;
}

export function expectedValues(user: User, companies: Map<string, Company>, staticIds: Set<string>) {
  const p: Props = { ...user.stored, ...user.props };
  const rollout = (key: string, pct: number, id = user.id) => hash(key, id) <= pct / 100;
  const lower = (key: string) => (has(p, key) ? str(p[key]).toLowerCase() : undefined);

  const out: Record<string, FlagValue> = {};
  out['bool-all'] = true;
  out['rollout-30'] = rollout('rollout-30', 30);
  out['plan-exact'] = ['pro', 'enterprise'].includes(lower('plan') ?? '');
  out['country-is-not'] = lower('country') !== 'us'; // an absent key is "not US" on the server
  out['email-icontains'] = (lower('email') ?? '').includes('@acme.com') && rollout('email-icontains', 80);
  out['email-regex'] = has(p, 'email') && new RegExp(REGEX).test(str(p.email));
  const age = asNumber(p.age);
  out['age-gt'] = age !== undefined && age > 30;
  out['beta-is-set'] = has(p, 'beta_tester');
  const signup = asDate(p.signup_date);
  out['signup-before'] = signup !== undefined && signup < Date.parse(`${DATE_CUTOFF}T00:00:00Z`);
  out['app-semver'] = semverGte(p.app_version, [1, 4, 0]);
  out.multivariate =
    lower('plan') === 'enterprise'
      ? 'alt'
      : rollout('multivariate', 60)
        ? variantFor('multivariate', user.id, MV_VARIANTS)
        : false;

  const companyKey = user.groups.company;
  if (companyKey === undefined) {
    out['company-flag'] = false;
  } else {
    const company = companies.get(companyKey);
    const g: Props = { ...company?.stored, ...user.groupProps.company };
    const employees = asNumber(g.employees);
    out['company-flag'] =
      (has(g, 'tier') && str(g.tier).toLowerCase() === 'enterprise') ||
      (employees !== undefined && employees >= 200 && rollout('company-flag', 50, companyKey));
  }

  out['cohort-dynamic'] = lower('plan') === 'pro' || lower('country') === 'de';
  out['cohort-static'] = staticIds.has(user.id);
  out['depends-on'] = out['rollout-30'] === true || out.multivariate === 'test';
  // 'inactive' is left out of /flags answers.
  return out;
}

/**
 * Known posthog-node-vs-server divergences (compat notes §3.3): where posthog-node is conclusive but differs,
 * the server follows the flags service and posthog-node does not. Returns why, or undefined.
 */
export function knownDivergence(flag: string, props: Props): string | undefined {
  // gt/gte/lt/lte: the server needs both sides numeric (a non-number is no match); posthog-node parses with
  // parseFloat ("42abc" → 42) and otherwise compares strings ("unknown" > "30").
  if (flag === 'age-gt' && typeof props.age === 'string' && asNumber(props.age) === undefined)
    return 'numeric-vs-string comparison';
  // semver: the server orders pre-releases below their release (1.4.0-beta.1 < 1.4.0); posthog-node drops
  // the pre-release and compares 1.4.0 >= 1.4.0.
  if (flag === 'app-semver' && typeof props.app_version === 'string' && props.app_version.includes('-'))
    return 'semver pre-release ordering';
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------
