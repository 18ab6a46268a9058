import { PostHog } from 'posthog-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startTestServer,
  TEST_PERSONAL_KEY,
  TEST_PROJECT_KEY,
  type TestServer,
} from '../testing/test-server.ts';
import {
  BOOL_PAYLOAD,
  expectedValues,
  FLAG_KEYS,
  hash,
  knownDivergence,
  MV_VARIANTS,
  makeCompanies,
  makeUsers,
  staticMember,
  str,
  suiteFlags,
  type User,
} from './posthog-node-flag-suite.ts';

// posthog-node 5.x feature flags against a real Signpost (compat notes §1.2, §1.4, §1.5, §3): remote evaluation,
// local evaluation from /flags/definitions, freshness, remote config and experience continuity. Every server
// answer is also checked against an independent model of PostHog's server semantics (`expectedValue` below).

type FlagValue = boolean | string;
type Props = Record<string, unknown>;

interface FlagDetails {
  key: string;
  enabled: boolean;
  variant: string | null;
  failed?: boolean;
  reason: { code: string; condition_index: number | null; description: string } | null;
  metadata: { id: number; version: number; payload: string | null };
}

interface FlagsV2 {
  errorsWhileComputingFlags: boolean;
  flags: Record<string, FlagDetails>;
}

interface FlagsRequestInput {
  personProperties: Props;
  groups: Record<string, string>;
  groupProperties: Record<string, Props>;
}

// ---------------------------------------------------------------------------------------------------------
// HTTP helpers

async function send<T>(server: TestServer, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${TEST_PERSONAL_KEY}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} → ${response.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

async function createFlag(server: TestServer, flag: Props): Promise<{ id: number; key: string }> {
  return send(server, 'POST', '/api/projects/@current/feature_flags/', flag);
}

async function createCohort(server: TestServer, cohort: Props): Promise<{ id: number }> {
  return send(server, 'POST', '/api/projects/@current/cohorts/', cohort);
}

/** What the server answers on `POST /flags/?v=2`, the endpoint posthog-node and posthog-js call. */
async function serverFlags(
  server: TestServer,
  distinctId: string,
  input: FlagsRequestInput,
  extra: Props = {},
): Promise<FlagsV2> {
  const response = await fetch(`${server.url}/flags/?v=2`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      token: TEST_PROJECT_KEY,
      distinct_id: distinctId,
      person_properties: input.personProperties,
      groups: input.groups,
      group_properties: input.groupProperties,
      ...extra,
    }),
  });
  if (!response.ok) throw new Error(`POST /flags → ${response.status} ${await response.text()}`);
  return (await response.json()) as FlagsV2;
}

const flagValue = (d: FlagDetails): FlagValue => (d.enabled ? (d.variant ?? true) : false);
const valuesOf = (r: FlagsV2): Record<string, FlagValue> =>
  Object.fromEntries(Object.entries(r.flags).map(([k, d]) => [k, flagValue(d)]));
const payloadOf = (d: FlagDetails | undefined): unknown =>
  d?.metadata.payload == null ? undefined : JSON.parse(d.metadata.payload);

/** Runs `fn` over `items` with at most `width` in flight. */
async function inParallel<T, R>(items: T[], width: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i] as T);
      }
    }),
  );
  return out;
}

let server: TestServer;
const companies = makeCompanies();
const companyByKey = new Map(companies.map((c) => [c.key, c]));
const users = makeUsers(companies);
const staticIds = new Set(users.filter((_, i) => staticMember(i)).map((u) => u.id));
/** The server's answer per user, from the remote-mode test; the local-mode test compares against it. */
const serverAnswers = new Map<string, FlagsV2>();
const flagIds = new Map<string, number>();

const requestInput = (u: User): FlagsRequestInput => ({
  personProperties: u.props,
  groups: u.groups,
  groupProperties: u.groupProps,
});

beforeAll(async () => {
  const started = Date.now();
  server = await startTestServer();
  const setup = new PostHog(TEST_PROJECT_KEY, { host: server.url, flushAt: 500, flushInterval: 0 });
  // The group type "company" gets index 0 from the first event that names it.
  setup.capture({ distinctId: 'setup', event: 'setup', groups: { company: 'acme' } });
  await setup.flush();
  for (const u of users) {
    if (Object.keys(u.stored).length > 0)
      setup.identify({ distinctId: u.id, properties: { $set: u.stored } });
  }
  for (const c of companies) {
    if (c.stored) setup.groupIdentify({ groupType: 'company', groupKey: c.key, properties: c.stored });
  }
  await setup.shutdown();

  const types = await server.api<{ group_type: string; group_type_index: number }[]>(
    '/api/projects/@current/groups_types/',
  );
  expect(types).toContainEqual(expect.objectContaining({ group_type: 'company', group_type_index: 0 }));

  const dynamic = await createCohort(server, {
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
  });
  const fixed = await createCohort(server, {
    name: 'Every 7th',
    is_static: true,
    distinct_ids: [...staticIds],
  });
  for (const flag of suiteFlags(dynamic.id, fixed.id)) {
    const created = await createFlag(server, flag);
    flagIds.set(created.key, created.id);
  }
  expect([...flagIds.keys()]).toEqual(FLAG_KEYS);
  console.log(`setup: ${users.length} users, ${FLAG_KEYS.length} flags in ${Date.now() - started} ms`);
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

describe('posthog-node feature flags against Signpost', () => {
  it('remote mode: getAllFlags equals POST /flags?v=2 (and the server semantics) for 1,000 users', async () => {
    const started = Date.now();
    const client = new PostHog(TEST_PROJECT_KEY, { host: server.url, flushAt: 1000, fetchRetryCount: 0 });
    const errors: unknown[] = [];
    client.on('error', (e: unknown) => errors.push(e));
    try {
      const mismatches: string[] = [];
      await inParallel(users, 16, async (u) => {
        const input = requestInput(u);
        const [answer, all] = await Promise.all([
          serverFlags(server, u.id, input),
          client.getAllFlags(u.id, input),
        ]);
        serverAnswers.set(u.id, answer);
        expect(answer.errorsWhileComputingFlags).toBe(false);
        const values = valuesOf(answer);
        // The inactive flag is omitted, every other flag answered.
        expect(Object.keys(values).sort()).toEqual(FLAG_KEYS.filter((k) => k !== 'inactive').sort());
        if (!isDeepEqual(all, values))
          mismatches.push(`${u.id}: node ${JSON.stringify(all)} server ${JSON.stringify(values)}`);
        const expected = expectedValues(u, companyByKey, staticIds);
        for (const key of Object.keys(expected)) {
          if (values[key] !== expected[key])
            mismatches.push(
              `${u.id} ${key}: server ${values[key]} expected ${expected[key]} (${JSON.stringify(u)})`,
            );
        }
      });
      expect(mismatches.slice(0, 20)).toEqual([]);
      expect(errors).toEqual([]);

      // The answers are not all alike: each flag's share of "on" is where its definition puts it.
      const share = (key: string, value: FlagValue = true) =>
        users.filter(
          (u) =>
            serverAnswers.get(u.id)?.flags[key] && flagValue(serverAnswers.get(u.id)!.flags[key]!) === value,
        ).length / users.length;
      const shares = Object.fromEntries([
        ...FLAG_KEYS.filter((k) => k !== 'multivariate').map((k) => [k, share(k)]),
        ...MV_VARIANTS.map((v) => [`multivariate=${v.key}`, share('multivariate', v.key)]),
      ]);
      console.log(`remote: share of true per flag ${JSON.stringify(shares)}`);
      expect(share('bool-all')).toBe(1);
      expect(share('rollout-30')).toBeGreaterThan(0.25);
      expect(share('rollout-30')).toBeLessThan(0.35);
      for (const key of FLAG_KEYS.filter((k) => !['bool-all', 'multivariate', 'inactive'].includes(k))) {
        expect(share(key), key).toBeGreaterThan(0.03);
        expect(share(key), key).toBeLessThan(0.97);
      }
      for (const v of ['control', 'test', 'alt']) expect(share('multivariate', v), v).toBeGreaterThan(0.05);
      // Stored person and group properties mattered: without them the model would differ for many answers.
      const storedMattered = users.filter((u) => {
        const withStored = expectedValues(u, companyByKey, staticIds);
        const bare = expectedValues({ ...u, stored: {} }, new Map(), staticIds);
        return Object.keys(withStored).some((k) => withStored[k] !== bare[k]);
      }).length;
      console.log(`remote: ${storedMattered} users' answers depend on stored person/group properties`);
      expect(storedMattered).toBeGreaterThan(100);
      console.log(
        `remote getAllFlags × ${users.length} + /flags × ${users.length}: ${Date.now() - started} ms`,
      );

      // Reasons and payloads on the wire: the variant override reports its condition, payloads are JSON strings.
      const enterprise = users.find((u) => str(u.props.plan).toLowerCase() === 'enterprise');
      const mv = serverAnswers.get(enterprise!.id)!.flags.multivariate!;
      expect(mv).toMatchObject({
        enabled: true,
        variant: 'alt',
        reason: { code: 'condition_match', condition_index: 0, description: 'Matched condition set 1' },
        metadata: { id: flagIds.get('multivariate'), payload: '"just a string"' },
      });
      const bool = serverAnswers.get(enterprise!.id)!.flags['bool-all']!;
      expect(JSON.parse(bool.metadata.payload!)).toEqual(BOOL_PAYLOAD);
    } finally {
      await client.shutdown();
    }
  }, 120_000);

  it('remote mode: getFeatureFlag and getFeatureFlagPayload equal the /flags answer', async () => {
    const started = Date.now();
    const client = new PostHog(TEST_PROJECT_KEY, { host: server.url, flushAt: 1000, fetchRetryCount: 0 });
    const sample = users.filter((_, i) => i % 20 === 0); // 50 users × every flag
    let calls = 0;
    const mismatches: string[] = [];
    try {
      await inParallel(sample, 8, async (u) => {
        const answer = serverAnswers.get(u.id)!;
        const options = { ...requestInput(u), sendFeatureFlagEvents: false };
        for (const key of FLAG_KEYS) {
          const [value, payload] = await Promise.all([
            client.getFeatureFlag(key, u.id, options),
            client.getFeatureFlagPayload(key, u.id, undefined, options),
          ]);
          calls += 2;
          const details = answer.flags[key];
          // An omitted (inactive) flag has no value at all.
          const want = details ? flagValue(details) : undefined;
          if (value !== want) mismatches.push(`${u.id} ${key}: node ${value} server ${want}`);
          const wantPayload = details?.enabled ? payloadOf(details) : undefined;
          // posthog-node answers null where there is no payload.
          if (!isDeepEqual(payload ?? undefined, wantPayload))
            mismatches.push(
              `${u.id} ${key}: payload ${JSON.stringify(payload)} vs ${JSON.stringify(wantPayload)}`,
            );
        }
      });
    } finally {
      await client.shutdown();
    }
    expect(mismatches).toEqual([]);
    // The payload forms came through parsed: object, number, string.
    const withVariant = (v: string) =>
      sample.find((u) => serverAnswers.get(u.id)?.flags.multivariate?.variant === v);
    for (const [variant, payload] of [
      ['control', { color: 'blue' }],
      ['test', { color: 'green', size: 2 }],
      ['alt', 'just a string'],
    ] as const) {
      const u = withVariant(variant);
      if (!u) continue;
      const fresh = new PostHog(TEST_PROJECT_KEY, { host: server.url });
      expect(await fresh.getFeatureFlagPayload('multivariate', u.id, undefined, requestInput(u))).toEqual(
        payload,
      );
      await fresh.shutdown();
    }
    console.log(`remote getFeatureFlag/getFeatureFlagPayload: ${calls} calls in ${Date.now() - started} ms`);
  }, 120_000);

  it('local mode: wherever posthog-node is conclusive it equals the server (known divergences aside)', async () => {
    const started = Date.now();
    const client = new PostHog(TEST_PROJECT_KEY, {
      host: server.url,
      personalApiKey: TEST_PERSONAL_KEY,
      featureFlagsPollingInterval: 600_000,
      flushAt: 1000,
    });
    try {
      expect(await client.waitForLocalEvaluationReady(10_000)).toBe(true);
      const perFlag = Object.fromEntries(
        FLAG_KEYS.map((k) => [k, { conclusive: 0, inconclusive: 0, agree: 0, divergent: 0 }]),
      );
      const mismatches: string[] = [];
      const divergences = new Map<string, number>();
      for (const u of users) {
        const answer = serverAnswers.get(u.id);
        expect(answer, u.id).toBeDefined();
        // Local evaluation sees only what the caller passes: give it everything the server knows about the
        // person and the group (stored properties under the request's), which is the server's input too.
        const personProperties = { ...u.stored, ...u.props };
        const company = u.groups.company === undefined ? undefined : companyByKey.get(u.groups.company);
        const groupProperties: Record<string, Props> =
          company === undefined ? {} : { company: { ...company.stored, ...u.groupProps.company } };
        for (const key of FLAG_KEYS) {
          const local = await client.getFeatureFlag(key, u.id, {
            personProperties,
            groups: u.groups,
            groupProperties,
            onlyEvaluateLocally: true,
            sendFeatureFlagEvents: false,
          });
          const counts = perFlag[key]!;
          if (local === undefined) {
            counts.inconclusive++;
            continue;
          }
          counts.conclusive++;
          const details = answer!.flags[key];
          // The server omits the inactive flag; posthog-node resolves an inactive definition to false.
          const remote = details ? flagValue(details) : false;
          if (local === remote) {
            counts.agree++;
            continue;
          }
          const why = knownDivergence(key, personProperties);
          if (why) {
            counts.divergent++;
            divergences.set(why, (divergences.get(why) ?? 0) + 1);
            // The server follows the flags service here; the model says so independently.
            expect(remote, `${u.id} ${key}`).toBe(expectedValues(u, companyByKey, staticIds)[key]);
            expect(remote, `${u.id} ${key} (server semantics)`).toBe(false);
          } else {
            mismatches.push(
              `${u.id} ${key}: local ${local} server ${remote} props ${JSON.stringify(personProperties)} groups ${JSON.stringify(groupProperties)}`,
            );
          }
        }
      }
      const totals = Object.values(perFlag).reduce(
        (t, c) => ({
          conclusive: t.conclusive + c.conclusive,
          inconclusive: t.inconclusive + c.inconclusive,
          agree: t.agree + c.agree,
          divergent: t.divergent + c.divergent,
        }),
        { conclusive: 0, inconclusive: 0, agree: 0, divergent: 0 },
      );
      console.log(
        `local: ${users.length} users × ${FLAG_KEYS.length} flags in ${Date.now() - started} ms; ` +
          `${JSON.stringify(totals)}; known divergences ${JSON.stringify(Object.fromEntries(divergences))}\n` +
          Object.entries(perFlag)
            .map(([k, c]) => `  ${k}: ${JSON.stringify(c)}`)
            .join('\n'),
      );
      expect(mismatches.slice(0, 20)).toEqual([]);
      // PostHog leaves static cohorts out of the definitions, so that flag needs the server every time.
      expect(perFlag['cohort-static']).toMatchObject({ conclusive: 0, inconclusive: users.length });
      // Flags with no property filters are always conclusive locally.
      for (const key of ['bool-all', 'rollout-30', 'inactive'])
        expect(perFlag[key]?.inconclusive, key).toBe(0);
      // The rest is mostly decided locally.
      expect(totals.conclusive).toBeGreaterThan(totals.inconclusive * 3);
      // The divergences were exercised (the suite has such users) and none was silently the same.
      expect(divergences.size).toBe(2);
    } finally {
      await client.shutdown();
    }
  }, 120_000);

  it('freshness: deactivating a flag drops it from the next /flags answer and changes the definitions ETag', async () => {
    const definitions = (etag?: string) =>
      fetch(`${server.url}/flags/definitions?token=${TEST_PROJECT_KEY}&send_cohorts`, {
        headers: {
          authorization: `Bearer ${TEST_PERSONAL_KEY}`,
          ...(etag === undefined ? {} : { 'if-none-match': etag }),
        },
      });
    const first = await definitions();
    expect(first.status).toBe(200);
    const etag = first.headers.get('etag');
    expect(etag).toBeTruthy();
    const body = (await first.json()) as {
      flags: { key: string; active: boolean }[];
      cohorts: Record<string, unknown>;
      group_type_mapping: Record<string, string>;
    };
    expect(body.flags.map((f) => f.key)).toEqual(FLAG_KEYS);
    expect(body.group_type_mapping).toEqual({ 0: 'company' });
    expect(Object.keys(body.cohorts)).toHaveLength(1); // the dynamic cohort only
    expect((await definitions(etag!)).status).toBe(304);

    const u = users[0]!;
    const remote = new PostHog(TEST_PROJECT_KEY, { host: server.url, fetchRetryCount: 0 });
    const local = new PostHog(TEST_PROJECT_KEY, {
      host: server.url,
      personalApiKey: TEST_PERSONAL_KEY,
      featureFlagsPollingInterval: 600_000,
    });
    try {
      expect(await local.waitForLocalEvaluationReady(10_000)).toBe(true);
      const opts = { ...requestInput(u), sendFeatureFlagEvents: false };
      expect(await remote.getFeatureFlag('bool-all', u.id, opts)).toBe(true);
      expect(await local.getFeatureFlag('bool-all', u.id, { ...opts, onlyEvaluateLocally: true })).toBe(true);

      await send(server, 'PATCH', `/api/projects/@current/feature_flags/${flagIds.get('bool-all')}/`, {
        active: false,
      });

      const after = await serverFlags(server, u.id, requestInput(u));
      expect(after.flags['bool-all']).toBeUndefined();
      expect(Object.keys(after.flags)).toHaveLength(FLAG_KEYS.length - 2);
      expect([false, undefined]).toContain(await remote.getFeatureFlag('bool-all', u.id, opts));
      expect((await remote.getAllFlags(u.id, requestInput(u)))['bool-all']).toBeUndefined();

      const changed = await definitions(etag!);
      expect(changed.status).toBe(200);
      const newEtag = changed.headers.get('etag');
      expect(newEtag).toBeTruthy();
      expect(newEtag).not.toBe(etag);
      const changedBody = (await changed.json()) as {
        flags: { key: string; active: boolean; version: number }[];
      };
      expect(changedBody.flags.find((f) => f.key === 'bool-all')).toMatchObject({
        active: false,
        version: 2,
      });
      expect((await definitions(newEtag!)).status).toBe(304);

      // posthog-node picks the change up on its next poll (forced here) and resolves the flag to false.
      await local.reloadFeatureFlags();
      expect(await local.getFeatureFlag('bool-all', u.id, { ...opts, onlyEvaluateLocally: true })).toBe(
        false,
      );

      // And back on.
      await send(server, 'PATCH', `/api/projects/@current/feature_flags/${flagIds.get('bool-all')}/`, {
        active: true,
      });
      expect((await serverFlags(server, u.id, requestInput(u))).flags['bool-all']?.enabled).toBe(true);
      expect(await remote.getFeatureFlag('bool-all', u.id, opts)).toBe(true);
    } finally {
      await remote.shutdown();
      await local.shutdown();
    }
  });
});

describe('posthog-node remote config and experience continuity', () => {
  let server2: TestServer;

  beforeAll(async () => {
    server2 = await startTestServer();
  });

  afterAll(async () => {
    await server2?.stop();
  });

  it('getRemoteConfigPayload returns the parsed JSON payload of an is_remote_configuration flag', async () => {
    await createFlag(server2, {
      key: 'rc-settings',
      is_remote_configuration: true,
      filters: {
        groups: [{ properties: [], rollout_percentage: 100 }],
        payloads: { true: { theme: 'dark', limits: { max: 5 } } },
      },
    });
    await createFlag(server2, {
      key: 'rc-string',
      is_remote_configuration: true,
      filters: { groups: [{ properties: [], rollout_percentage: 100 }], payloads: { true: '{"a":[1,2]}' } },
    });
    const client = new PostHog(TEST_PROJECT_KEY, {
      host: server2.url,
      personalApiKey: TEST_PERSONAL_KEY,
      featureFlagsPollingInterval: 600_000,
    });
    try {
      expect(await client.getRemoteConfigPayload('rc-settings')).toEqual({
        theme: 'dark',
        limits: { max: 5 },
      });
      expect(await client.getRemoteConfigPayload('rc-string')).toEqual({ a: [1, 2] });
    } finally {
      await client.shutdown();
    }
    // The wire form: the payload as a JSON-encoded string.
    const raw = await fetch(
      `${server2.url}/api/projects/@current/feature_flags/rc-settings/remote_config?token=${TEST_PROJECT_KEY}`,
      { headers: { authorization: `Bearer ${TEST_PERSONAL_KEY}` } },
    );
    expect(raw.status).toBe(200);
    expect(JSON.parse((await raw.json()) as string)).toEqual({ theme: 'dark', limits: { max: 5 } });
    const missing = await fetch(
      `${server2.url}/api/projects/@current/feature_flags/no-such-flag/remote_config?token=${TEST_PROJECT_KEY}`,
      { headers: { authorization: `Bearer ${TEST_PERSONAL_KEY}` } },
    );
    expect(missing.status).toBe(404);
    // Remote-config flags are left out of local evaluation, but /flags evaluates them as PostHog does, so the
    // flag API's payload getters work on them too.
    const answer = await serverFlags(server2, 'someone', {
      personProperties: {},
      groups: {},
      groupProperties: {},
    });
    expect(answer.flags['rc-settings']?.enabled).toBe(true);
    expect(payloadOf(answer.flags['rc-settings'])).toEqual({ theme: 'dark', limits: { max: 5 } });
    const remote = new PostHog(TEST_PROJECT_KEY, { host: server2.url, flushAt: 1 });
    try {
      expect(await remote.getFeatureFlagPayload('rc-settings', 'someone')).toEqual({
        theme: 'dark',
        limits: { max: 5 },
      });
    } finally {
      await remote.shutdown();
    }
    const defs = await server2.api<{ flags: { key: string }[] }>(
      `/flags/definitions?token=${TEST_PROJECT_KEY}`,
    );
    expect(defs.flags.map((f) => f.key)).not.toContain('rc-settings');
  });

  it('experience continuity: after identify, the user keeps the value they had as the anonymous id', async () => {
    const key = 'continuity';
    await createFlag(server2, {
      key,
      ensure_experience_continuity: true,
      filters: { groups: [{ properties: [], rollout_percentage: 50 }] },
    });
    // An anonymous id in the rollout and a user id outside it, so the user's own hash would say false.
    const ids = Array.from({ length: 200 }, (_, i) => `cont-${i}`);
    const anon = ids.find((id) => hash(key, `anon-${id}`) <= 0.5)!;
    const anonId = `anon-${anon}`;
    const userId = ids.map((id) => `user-${id}`).find((id) => hash(key, id) > 0.5)!;
    const control = ids.map((id) => `other-${id}`).find((id) => hash(key, id) > 0.5)!;
    const none = { personProperties: {}, groups: {}, groupProperties: {} };

    const before = await serverFlags(server2, anonId, none);
    expect(before.flags[key]?.enabled).toBe(true);
    expect((await serverFlags(server2, userId, none)).flags[key]?.enabled).toBe(false);

    const client = new PostHog(TEST_PROJECT_KEY, { host: server2.url, flushAt: 100, fetchRetryCount: 0 });
    const local = new PostHog(TEST_PROJECT_KEY, {
      host: server2.url,
      personalApiKey: TEST_PERSONAL_KEY,
      featureFlagsPollingInterval: 600_000,
    });
    try {
      client.capture({ distinctId: anonId, event: 'landed' });
      await client.flush();
      client.identify({
        distinctId: userId,
        properties: { $anon_distinct_id: anonId, $set: { email: 'u@x.y' } },
      });
      await client.flush();
      const persons = await server2.api<{ results: { distinct_ids: string[] }[] }>(
        `/api/projects/@current/persons/?distinct_id=${userId}`,
      );
      expect(persons.results[0]?.distinct_ids.sort()).toEqual([anonId, userId].sort());

      const withAnon = await serverFlags(server2, userId, none, { $anon_distinct_id: anonId });
      expect(withAnon.flags[key]).toMatchObject({ enabled: true, reason: { code: 'condition_match' } });
      // Remembered: without the anonymous id the user still gets the anonymous id's bucket.
      expect((await serverFlags(server2, userId, none)).flags[key]?.enabled).toBe(true);
      expect(await client.getFeatureFlag(key, userId, { sendFeatureFlagEvents: false })).toBe(true);
      // Someone else outside the rollout is unaffected.
      expect((await serverFlags(server2, control, none)).flags[key]?.enabled).toBe(false);
      // posthog-node cannot decide such a flag locally (compat notes §3.5).
      expect(await local.waitForLocalEvaluationReady(10_000)).toBe(true);
      expect(
        await local.getFeatureFlag(key, userId, { onlyEvaluateLocally: true, sendFeatureFlagEvents: false }),
      ).toBeUndefined();
    } finally {
      await client.shutdown();
      await local.shutdown();
    }
  });
});

function isDeepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => isDeepEqual((a as Props)[k], (b as Props)[k]));
}
