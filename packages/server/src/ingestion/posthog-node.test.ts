import { randomUUID } from 'node:crypto';
import { PostHog } from 'posthog-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, TEST_PROJECT_KEY, type TestServer } from '../testing/test-server.ts';

// The real posthog-node client against a real Signpost (compat notes §1.2, §2, §5).

interface ApiEvent {
  id: string;
  uuid: string;
  distinct_id: string;
  event: string;
  properties: Record<string, unknown>;
  timestamp: string;
  person_id: string;
}

interface ApiPerson {
  id: string;
  uuid: string;
  name: string;
  distinct_ids: string[];
  properties: Record<string, unknown>;
  created_at: string;
  is_identified: boolean;
}

interface ApiGroup {
  group_key: string;
  group_type_index: number;
  group_properties: Record<string, unknown>;
  created_at: string;
}

interface ApiGroupType {
  group_type: string;
  group_type_index: number;
}

interface Page<T> {
  results: T[];
  next: string | null;
}

interface SentRequest {
  method: string;
  path: string;
  contentEncoding: string | null;
  status: number;
  body: string;
}

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server?.stop();
});

/**
 * A client that only sends on `flush()`/`shutdown()` (so the batch order is the call order), never retries, and
 * records every request it makes with the server's answer.
 */
function nodeClient(options: { disableGeoip?: boolean } = {}): {
  client: PostHog;
  requests: SentRequest[];
  errors: unknown[];
} {
  const requests: SentRequest[] = [];
  const errors: unknown[] = [];
  const client = new PostHog(TEST_PROJECT_KEY, {
    host: server.url,
    flushAt: 100,
    flushInterval: 0,
    fetchRetryCount: 0,
    ...options,
    fetch: async (url, options) => {
      const response = await fetch(url, options as RequestInit);
      const headers = new Headers(options.headers as HeadersInit | undefined);
      requests.push({
        method: options.method ?? 'GET',
        path: new URL(url).pathname,
        contentEncoding: headers.get('content-encoding'),
        status: response.status,
        body: await response.clone().text(),
      });
      return response;
    },
  });
  client.on('error', (error: unknown) => errors.push(error));
  return { client, requests, errors };
}

/** Every batch the client sent was a gzipped POST /batch/ answered 200 `{"status":1}`, and nothing failed. */
function expectAllDelivered(requests: SentRequest[], errors: unknown[], batches: number): void {
  expect(errors).toEqual([]);
  expect(requests).toHaveLength(batches);
  for (const r of requests) {
    expect(r).toMatchObject({ method: 'POST', path: '/batch/', contentEncoding: 'gzip', status: 200 });
    expect(JSON.parse(r.body)).toEqual({ status: 1 });
  }
}

async function events(query: Record<string, string>): Promise<ApiEvent[]> {
  const page = await server.api<Page<ApiEvent>>(
    `/api/projects/@current/events/?${new URLSearchParams(query)}`,
  );
  return page.results;
}

async function onlyEvent(query: Record<string, string>): Promise<ApiEvent> {
  const found = await events(query);
  expect(found, `events matching ${JSON.stringify(query)}`).toHaveLength(1);
  return found[0] as ApiEvent;
}

async function personsOf(distinctId: string): Promise<ApiPerson[]> {
  const page = await server.api<Page<ApiPerson>>(
    `/api/projects/@current/persons/?${new URLSearchParams({ distinct_id: distinctId })}`,
  );
  return page.results;
}

async function personOf(distinctId: string): Promise<ApiPerson> {
  const found = await personsOf(distinctId);
  expect(found, `persons with distinct_id ${distinctId}`).toHaveLength(1);
  return found[0] as ApiPerson;
}

async function groupTypeIndex(groupType: string): Promise<number> {
  const types = await server.api<ApiGroupType[]>('/api/projects/@current/groups_types/');
  const found = types.find((t) => t.group_type === groupType);
  expect(found, `group type ${groupType} in ${JSON.stringify(types)}`).toBeDefined();
  return (found as ApiGroupType).group_type_index;
}

const unique = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

describe('posthog-node 5.x against Signpost', () => {
  it('stores a capture with its properties, $lib, uuid, $groups and registers the group type at index 0', async () => {
    const { client, requests, errors } = nodeClient();
    const distinctId = unique('node-capture');
    const uuid = randomUUID();
    client.capture({
      distinctId,
      event: 'plan_upgraded',
      uuid,
      properties: { plan: 'pro', amount: 49.5, seats: 3, tags: ['a', 'b'], nested: { k: 'v' } },
      groups: { company: 'acme-inc' },
    });
    await client.shutdown();
    expectAllDelivered(requests, errors, 1);

    const event = await onlyEvent({ event: 'plan_upgraded', distinct_id: distinctId });
    expect(event.uuid).toBe(uuid);
    expect(event.id).toBe(uuid);
    expect(event.distinct_id).toBe(distinctId);
    expect(event.properties).toMatchObject({
      plan: 'pro',
      amount: 49.5,
      seats: 3,
      tags: ['a', 'b'],
      nested: { k: 'v' },
      $lib: 'posthog-node',
      $is_server: true,
      $groups: { company: 'acme-inc' },
      $group_0: 'acme-inc',
    });
    expect(event.properties.$lib_version).toMatch(/^5\.\d+\.\d+/);
    // Server libraries don't describe a device: the UA "posthog-node/5.x" must not invent browser/OS values.
    expect(event.properties.$browser).toBeUndefined();
    expect(event.properties.$os).toBeUndefined();
    expect(Math.abs(Date.parse(event.timestamp) - Date.now())).toBeLessThan(60_000);

    const types = await server.api<ApiGroupType[]>('/api/projects/@current/groups_types/');
    expect(types).toContainEqual(expect.objectContaining({ group_type: 'company', group_type_index: 0 }));

    // The person exists and the event points at it.
    const person = await personOf(distinctId);
    expect(event.person_id).toBe(person.id);
    expect(person.is_identified).toBe(false);
  });

  it('identify applies $set and $set_once (and the shorthand), $set_once never overwrites', async () => {
    const { client, requests, errors } = nodeClient();
    const distinctId = unique('node-identify');
    client.identify({
      distinctId,
      properties: {
        $set: { name: 'Ann', plan: 'free' },
        $set_once: { first_seen: '2024-01-01', signup_source: 'ads' },
      },
    });
    await client.flush();
    const first = await personOf(distinctId);
    expect(first.properties).toMatchObject({
      name: 'Ann',
      plan: 'free',
      first_seen: '2024-01-01',
      signup_source: 'ads',
    });
    expect(first.is_identified).toBe(true);

    client.identify({
      distinctId,
      properties: { $set: { plan: 'pro' }, $set_once: { first_seen: '2099-12-31', referrer: 'newsletter' } },
    });
    await client.flush();
    // Shorthand: plain properties become $set.
    client.identify({ distinctId, properties: { company_size: 50, name: 'Ann B.' } });
    await client.shutdown();
    expectAllDelivered(requests, errors, 3);

    const person = await personOf(distinctId);
    expect(person.id).toBe(first.id);
    expect(person.distinct_ids).toEqual([distinctId]);
    expect(person.is_identified).toBe(true);
    expect(person.properties).toMatchObject({
      name: 'Ann B.',
      plan: 'pro',
      first_seen: '2024-01-01',
      signup_source: 'ads',
      referrer: 'newsletter',
      company_size: 50,
    });

    const identifies = await events({ event: '$identify', distinct_id: distinctId });
    expect(identifies).toHaveLength(3);
    // Newest first: the shorthand identify carries its plain properties as $set.
    expect(identifies[0]?.properties.$set).toEqual({ company_size: 50, name: 'Ann B.' });
    expect(identifies.every((e) => e.person_id === person.id)).toBe(true);
  });

  it('alias puts both distinct ids on one person, keeping both persons’ properties', async () => {
    const { client, requests, errors } = nodeClient();
    const primary = unique('node-alias-primary');
    const secondary = unique('node-alias-secondary');
    client.capture({ distinctId: secondary, event: 'visited', properties: { $set: { from_secondary: 1 } } });
    client.capture({ distinctId: primary, event: 'visited', properties: { $set: { from_primary: 2 } } });
    await client.flush();
    const before = [await personOf(primary), await personOf(secondary)];
    expect(before[0]?.id).not.toBe(before[1]?.id);

    client.alias({ distinctId: primary, alias: secondary });
    await client.shutdown();
    expectAllDelivered(requests, errors, 2);

    const alias = await onlyEvent({ event: '$create_alias', distinct_id: primary });
    expect(alias.properties).toMatchObject({ alias: secondary, distinct_id: primary, $lib: 'posthog-node' });

    const person = await personOf(primary);
    expect([...person.distinct_ids].sort()).toEqual([primary, secondary].sort());
    expect((await personOf(secondary)).id).toBe(person.id);
    expect(person.properties).toMatchObject({ from_secondary: 1, from_primary: 2 });
    expect(person.is_identified).toBe(true);
    expect(alias.person_id).toBe(person.id);
  });

  it('$identify with $anon_distinct_id merges the anonymous person into the identified one', async () => {
    const { client, requests, errors } = nodeClient();
    const anonId = unique('node-anon');
    const userId = unique('node-user');
    const anonTime = new Date(Date.now() - 3600_000);
    client.capture({
      distinctId: anonId,
      event: 'viewed_pricing',
      timestamp: anonTime,
      properties: { $set: { referrer_source: 'google', plan: 'free' }, $set_once: { landing: '/pricing' } },
    });
    client.capture({
      distinctId: userId,
      event: 'logged_in',
      properties: { $set: { plan: 'pro', email: 'user@example.com' } },
    });
    await client.flush();
    const anonBefore = await personOf(anonId);
    const userBefore = await personOf(userId);
    expect(anonBefore.id).not.toBe(userBefore.id);
    expect(Math.abs(Date.parse(anonBefore.created_at) - anonTime.getTime())).toBeLessThan(5_000);

    client.identify({
      distinctId: userId,
      properties: { $anon_distinct_id: anonId, $set: { last_login: 'today' } },
    });
    await client.shutdown();
    expectAllDelivered(requests, errors, 2);

    const identify = await onlyEvent({ event: '$identify', distinct_id: userId });
    expect(identify.properties.$anon_distinct_id).toBe(anonId);

    const person = await personOf(userId);
    expect(person.id).toBe(userBefore.id);
    expect((await personOf(anonId)).id).toBe(person.id);
    expect([...person.distinct_ids].sort()).toEqual([anonId, userId].sort());
    expect(person.is_identified).toBe(true);
    expect(person.properties).toMatchObject({
      referrer_source: 'google', // only the anonymous person had it: kept
      landing: '/pricing',
      plan: 'pro', // both had it: the identified person wins
      email: 'user@example.com',
      last_login: 'today',
    });
    // The merged person keeps the older created_at.
    expect(person.created_at).toBe(anonBefore.created_at);

    // The anonymous person is gone: the person list holds one person for the two ids.
    const all = await server.api<Page<ApiPerson>>('/api/projects/@current/persons/?limit=1000');
    expect(
      all.results.filter((p) => p.distinct_ids.includes(anonId) || p.distinct_ids.includes(userId)),
    ).toHaveLength(1);
    expect(all.results.some((p) => p.id === anonBefore.id)).toBe(false);
  });

  it('a captured $identify event (not identify()) merges the same way', async () => {
    const { client, requests, errors } = nodeClient();
    const anonId = unique('node-anon2');
    const userId = unique('node-user2');
    client.capture({ distinctId: anonId, event: 'browsed', properties: { $set: { color: 'blue' } } });
    await client.flush();
    client.capture({
      distinctId: userId,
      event: '$identify',
      properties: { $anon_distinct_id: anonId, $set: { email: 'two@example.com' } },
    });
    await client.shutdown();
    expectAllDelivered(requests, errors, 2);

    const person = await personOf(userId);
    expect([...person.distinct_ids].sort()).toEqual([anonId, userId].sort());
    expect(person.properties).toMatchObject({ color: 'blue', email: 'two@example.com' });
    expect(person.is_identified).toBe(true);
  });

  it('groupIdentify creates a group and a second call updates it; it creates no person', async () => {
    const { client, requests, errors } = nodeClient();
    const groupKey = unique('org');
    client.groupIdentify({ groupType: 'organization', groupKey, properties: { name: 'Acme', tier: 'free' } });
    await client.flush();
    const index = await groupTypeIndex('organization');
    const query = new URLSearchParams({ group_type_index: String(index), group_key: groupKey });
    const first = await server.api<ApiGroup>(`/api/projects/@current/groups/find?${query}`);
    expect(first).toMatchObject({
      group_key: groupKey,
      group_type_index: index,
      group_properties: { name: 'Acme', tier: 'free' },
    });

    client.groupIdentify({
      groupType: 'organization',
      groupKey,
      properties: { tier: 'enterprise', seats: 10 },
    });
    await client.shutdown();
    expectAllDelivered(requests, errors, 2);

    const updated = await server.api<ApiGroup>(`/api/projects/@current/groups/find?${query}`);
    expect(updated.group_properties).toEqual({ name: 'Acme', tier: 'enterprise', seats: 10 });
    expect(updated.created_at).toBe(first.created_at);

    const listed = await server.api<Page<ApiGroup>>(
      `/api/projects/@current/groups/?group_type_index=${index}`,
    );
    expect(listed.results.filter((g) => g.group_key === groupKey)).toHaveLength(1);

    // node sends $groupidentify as "$<type>_<key>"; group identifies never create persons.
    const groupDistinctId = `$organization_${groupKey}`;
    const identifies = await events({ event: '$groupidentify', distinct_id: groupDistinctId });
    expect(identifies).toHaveLength(2);
    expect(identifies[0]?.properties).toMatchObject({
      $group_type: 'organization',
      $group_key: groupKey,
      $group_set: { tier: 'enterprise', seats: 10 },
      [`$group_${index}`]: groupKey,
    });
    expect(await personsOf(groupDistinctId)).toEqual([]);
  });

  it('capture without distinctId is personless: stored, but no person and no $set applied', async () => {
    const { client, requests, errors } = nodeClient();
    const marker = randomUUID();
    client.capture({
      event: 'personless_ping',
      properties: { marker, $set: { should_not: 'exist' } },
    } as Parameters<PostHog['capture']>[0]);
    await client.shutdown();
    expectAllDelivered(requests, errors, 1);

    const found = (await events({ event: 'personless_ping' })).filter((e) => e.properties.marker === marker);
    expect(found).toHaveLength(1);
    const event = found[0] as ApiEvent;
    expect(event.properties.$process_person_profile).toBe(false);
    expect(event.properties.$set).toBeUndefined();
    expect(event.distinct_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-/);
    expect(await personsOf(event.distinct_id)).toEqual([]);
  });

  it('keeps an explicit past timestamp (skew correction uses sent_at) and $geoip_disable', async () => {
    // posthog-node disables GeoIP by default; switch it on so the per-capture option is what sets the flag.
    const { client, requests, errors } = nodeClient({ disableGeoip: false });
    const distinctId = unique('node-time');
    const twoHoursAgo = new Date(Date.now() - 2 * 3600_000);
    client.capture({ distinctId, event: 'late_event', timestamp: twoHoursAgo, disableGeoip: true });
    client.capture({ distinctId, event: 'now_event' });
    await client.shutdown();
    expectAllDelivered(requests, errors, 1);

    const late = await onlyEvent({ event: 'late_event', distinct_id: distinctId });
    expect(Math.abs(Date.parse(late.timestamp) - twoHoursAgo.getTime())).toBeLessThan(30_000);
    expect(late.properties.$geoip_disable).toBe(true);
    const now = await onlyEvent({ event: 'now_event', distinct_id: distinctId });
    expect(Math.abs(Date.parse(now.timestamp) - Date.now())).toBeLessThan(30_000);
    expect(now.properties.$geoip_disable).toBeUndefined();

    // The time filters see the corrected time.
    const lastHour = await events({
      distinct_id: distinctId,
      after: new Date(Date.now() - 3600_000).toISOString(),
    });
    expect(lastHour.map((e) => e.event)).toEqual(['now_event']);
  });
});
