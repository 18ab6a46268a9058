/**
 * The bench's users and companies, generated from a fixed seed so the orchestrator (which stores some of them in
 * Signpost) and the load generator (which builds the request bodies) agree without passing data around.
 */

export const USER_COUNT = 10_000;
/** Users that get a stored person (an `$identify` with `$set`) before the load starts. */
export const IDENTIFIED_COUNT = 3_000;
export const COMPANY_COUNT = 500;
/** Companies that get stored properties (a `$groupidentify`). */
export const STORED_COMPANY_COUNT = 200;
/** Every 7th identified user is in the static cohort. */
export const STATIC_COHORT_EVERY = 7;

type Props = Record<string, unknown>;

export interface User {
  distinctId: string;
  deviceId: string;
  identified: boolean;
  /** What `$identify` stored for identified users. */
  stored: Props;
  /** What posthog-js sends as `person_properties` (its cached properties for flags). */
  sent: Props;
  company: string | undefined;
  timezone: string;
  /** Set on a few identified users: posthog-js sends it until the first reload after identify. */
  anonDistinctId: string | undefined;
}

export interface Company {
  key: string;
  stored: Props | undefined;
}

/** mulberry32: small, fast and deterministic. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PLANS = ['free', 'free', 'free', 'starter', 'pro', 'enterprise'];
const COUNTRIES = ['US', 'US', 'GB', 'DE', 'FR', 'NL', 'BR', 'IN', 'JP', 'CA'];
const BROWSERS = ['Chrome', 'Chrome', 'Chrome', 'Safari', 'Firefox', 'Edge'];
const OSES = ['Mac OS X', 'Windows', 'Windows', 'Linux', 'iOS', 'Android'];
const ZONES = ['Europe/Paris', 'America/New_York', 'Europe/Berlin', 'Asia/Tokyo', 'America/Sao_Paulo'];
const DOMAINS = ['example.com', 'example.org', 'acme.com', 'gmail.com', 'ACME.com'];
const VERSIONS = ['1.2.0', '1.3.9', '1.4.0', '1.4.2', '2.0.0', '2.1.0-beta.1'];

const hex = (r: () => number, n: number) =>
  Array.from({ length: n }, () => Math.floor(r() * 16).toString(16)).join('');
const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;

export function makeCompanies(): Company[] {
  const r = rng(42);
  return Array.from({ length: COMPANY_COUNT }, (_, i) => ({
    key: `company-${i}`,
    stored:
      i < STORED_COMPANY_COUNT
        ? {
            name: `Company ${i}`,
            tier: pick(r, ['smb', 'smb', 'mid', 'enterprise']),
            employees: Math.floor(r() * 1000),
          }
        : undefined,
  }));
}

export function makeUsers(): User[] {
  const r = rng(7);
  return Array.from({ length: USER_COUNT }, (_, i) => {
    const identified = i < IDENTIFIED_COUNT;
    const letter = String.fromCharCode(97 + Math.floor(r() * 26));
    const profile: Props = {
      email: `${letter}user${i}@${pick(r, DOMAINS)}`,
      plan: pick(r, PLANS),
      country: pick(r, COUNTRIES),
      sessions: Math.floor(r() * 200),
      signup_date: new Date(Date.UTC(2022, 0, 1) + Math.floor(r() * 1200) * 86_400_000)
        .toISOString()
        .slice(0, 10),
      ...(r() < 0.2 ? { beta_tester: true } : {}),
    };
    const client: Props = {
      $browser: pick(r, BROWSERS),
      $os: pick(r, OSES),
      app_version: pick(r, VERSIONS),
    };
    // Identified users' profiles live on the server; anonymous visitors send what the page knows about them.
    const sent: Props = identified
      ? { ...client, $lib: 'web', $lib_version: '1.449.2' }
      : { ...client, country: profile.country, $lib: 'web', $lib_version: '1.449.2' };
    const company = r() < 0.3 ? `company-${Math.floor(r() * COMPANY_COUNT)}` : undefined;
    return {
      distinctId: identified
        ? `user-${i}`
        : `${hex(r, 8)}-${hex(r, 4)}-7${hex(r, 3)}-8${hex(r, 3)}-${hex(r, 12)}`,
      deviceId: `${hex(r, 8)}-${hex(r, 4)}-7${hex(r, 3)}-9${hex(r, 3)}-${hex(r, 12)}`,
      identified,
      stored: identified ? profile : {},
      sent,
      company,
      timezone: pick(r, ZONES),
      anonDistinctId: identified && r() < 0.05 ? `anon-${hex(r, 16)}` : undefined,
    };
  });
}

/** A posthog-js 1.449 `/flags/?v=2` body (compat notes §1.3) before compression. */
export function flagsBody(token: string, user: User, companies: ReadonlyMap<string, Company>): string {
  const company = user.company ? companies.get(user.company) : undefined;
  return JSON.stringify({
    token,
    distinct_id: user.distinctId,
    groups: user.company ? { company: user.company } : {},
    ...(user.anonDistinctId ? { $anon_distinct_id: user.anonDistinctId } : {}),
    person_properties: user.sent,
    group_properties: user.company && company?.stored ? { company: { name: company.stored.name } } : {},
    timezone: user.timezone,
    $device_id: user.deviceId,
    sent_at: '2026-11-25T12:00:00.000Z',
  });
}

/** The same user as an OFREP bulk-evaluation body: targetingKey, person properties flat, PostHog's groups. */
export function ofrepBody(user: User, companies: ReadonlyMap<string, Company>): string {
  const company = user.company ? companies.get(user.company) : undefined;
  return JSON.stringify({
    context: {
      targetingKey: user.distinctId,
      ...user.sent,
      ...(user.company ? { groups: { company: user.company } } : {}),
      ...(user.company && company?.stored
        ? { groupProperties: { company: { name: company.stored.name } } }
        : {}),
    },
  });
}

/**
 * The same user as an Unleash frontend-API body: Unleash keeps no persons or groups, so the request carries the
 * whole profile and the company's properties (a browser app would have to know them).
 */
export function unleashBody(user: User, companies: ReadonlyMap<string, Company>): string {
  const p = { ...user.stored, ...user.sent };
  const company = user.company ? companies.get(user.company)?.stored : undefined;
  const properties: Record<string, unknown> = {
    plan: p.plan,
    country: p.country,
    email: p.email,
    sessions: p.sessions,
    signupDate: typeof p.signup_date === 'string' ? `${p.signup_date}T00:00:00.000Z` : undefined,
    betaTester: p.beta_tester,
    appVersion: p.app_version,
    browser: p.$browser,
    os: p.$os,
    companyTier: company?.tier,
    companyEmployees: company?.employees,
  };
  const strings = Object.fromEntries(
    Object.entries(properties)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [k, String(v)]),
  );
  return JSON.stringify({ context: { userId: user.distinctId, properties: strings } });
}
