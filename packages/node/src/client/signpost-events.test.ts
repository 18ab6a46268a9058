import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordingFetch } from '../test-support/recording-fetch.ts';
import { type SdkTestServer, startSdkTestServer, TEST_PROJECT_KEY } from '../test-support/sdk-test-server.ts';
import { SDK_VERSION } from '../version.ts';
import type { SignpostError } from './sdk-error.ts';
import { Signpost } from './signpost.ts';

// Events from the SDK to a real Signpost: what the server stores is what the app sent, in PostHog's shapes.

let server: SdkTestServer;
beforeAll(async () => {
  server = await startSdkTestServer();
});
afterAll(async () => {
  await server?.stop();
});

const unique = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

function client(options: ConstructorParameters<typeof Signpost>[1] = {}) {
  const recorder = recordingFetch();
  const errors: SignpostError[] = [];
  const signpost = new Signpost(TEST_PROJECT_KEY, {
    host: server.url,
    flushAt: 1_000,
    fetch: recorder.fetch,
    onError: (e) => errors.push(e),
    ...options,
  });
  return { signpost, requests: recorder.requests, errors };
}

interface Person {
  properties: Record<string, unknown>;
  distinct_ids: string[];
}

async function personOf(distinctId: string): Promise<Person | undefined> {
  const page = await server.api<{ results: Person[] }>(
    'GET',
    `/api/projects/@current/persons/?${new URLSearchParams({ distinct_id: distinctId })}`,
  );
  return page.results[0];
}

describe('Signpost events', () => {
  it('capture sends one gzipped /batch/ with $lib, $lib_version, uuid, timestamp, $groups and super properties', async () => {
    const { signpost, requests, errors } = client();
    const distinctId = unique('capture');
    const at = new Date('2025-10-20T10:30:00.000Z');
    signpost.register({ environment: 'production', app_version: '3.0.0' });
    signpost.capture({
      distinctId,
      event: 'timer.started',
      properties: { project_id: 7, app_version: '3.0.1' },
      groups: { company: 'acme' },
      timestamp: at,
    });
    signpost.capture({ distinctId, event: 'export.csv', properties: { rows: 100 } });
    await signpost.shutdown();

    expect(errors).toEqual([]);
    expect(requests).toHaveLength(1);
    const [request] = requests;
    expect(request).toMatchObject({ method: 'POST', path: '/batch/', status: 200 });
    expect(request?.headers['content-encoding']).toBe('gzip');
    const body = JSON.parse(request?.body ?? '{}');
    expect(body.api_key).toBe(TEST_PROJECT_KEY);
    expect(body.batch).toHaveLength(2);
    expect(Number.isNaN(Date.parse(body.sent_at))).toBe(false);

    const [started] = await server.waitForEvents({ event: 'timer.started', distinct_id: distinctId }, 1);
    expect(started?.properties).toMatchObject({
      project_id: 7,
      environment: 'production',
      app_version: '3.0.1',
      $lib: 'signpost-node',
      $lib_version: SDK_VERSION,
      $groups: { company: 'acme' },
    });
    expect(started?.uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(started?.uuid).toBe(body.batch[0].uuid);
    expect(Math.abs(Date.parse(started?.timestamp ?? '') - at.getTime())).toBeLessThan(5_000);
    const [exported] = await server.waitForEvents({ event: 'export.csv', distinct_id: distinctId }, 1);
    expect(exported?.properties).toMatchObject({
      rows: 100,
      environment: 'production',
      app_version: '3.0.0',
    });
    expect(exported?.properties.$groups).toBeUndefined();
  });

  it('identify sets $set and $set_once on the person; $set_once never overwrites', async () => {
    const { signpost, errors } = client();
    const distinctId = unique('identify');
    signpost.identify({
      distinctId,
      set: { role: 'admin', is_admin: true, auth_method: 'oidc' },
      setOnce: { first_login: '2025-01-01T12:00:00', signup_method: 'local' },
    });
    await signpost.flush();
    signpost.identify({ distinctId, set: { role: 'user' }, setOnce: { signup_method: 'oidc' } });
    await signpost.shutdown();
    expect(errors).toEqual([]);

    const events = await server.waitForEvents({ event: '$identify', distinct_id: distinctId }, 2);
    expect(events).toHaveLength(2);
    expect((await personOf(distinctId))?.properties).toMatchObject({
      role: 'user',
      is_admin: true,
      auth_method: 'oidc',
      first_login: '2025-01-01T12:00:00',
      signup_method: 'local',
    });
  });

  it('alias merges the aliased id into the person', async () => {
    const { signpost, errors } = client();
    const user = unique('user');
    const anonymous = unique('anon');
    signpost.capture({ distinctId: anonymous, event: 'page.viewed' });
    signpost.identify({ distinctId: user, set: { email: 'ann@example.com' } });
    await signpost.flush();
    signpost.alias({ distinctId: user, alias: anonymous });
    await signpost.shutdown();
    expect(errors).toEqual([]);

    const [alias] = await server.waitForEvents({ event: '$create_alias', distinct_id: user }, 1);
    expect(alias?.properties).toMatchObject({ alias: anonymous, distinct_id: user });
    const person = await personOf(anonymous);
    expect(person?.distinct_ids.sort()).toEqual([anonymous, user].sort());
    expect(person?.properties.email).toBe('ann@example.com');
  });

  it('groupIdentify sends $groupidentify with $group_type, $group_key, $group_set and stores the group', async () => {
    const { signpost, errors } = client();
    const version = unique('3.0');
    signpost.groupIdentify({
      groupType: 'version',
      groupKey: version,
      properties: { version_number: version, python_versions: ['3.12.0', '3.11.5'] },
    });
    await signpost.shutdown();
    expect(errors).toEqual([]);

    const [event] = await server.waitForEvents(
      { event: '$groupidentify', distinct_id: `$version_${version}` },
      1,
    );
    expect(event?.properties).toMatchObject({
      $group_type: 'version',
      $group_key: version,
      $group_set: { version_number: version, python_versions: ['3.12.0', '3.11.5'] },
    });
    const types = await server.api<Array<{ group_type: string; group_type_index: number }>>(
      'GET',
      '/api/projects/@current/groups_types/',
    );
    const index = types.find((t) => t.group_type === 'version')?.group_type_index;
    expect(index).toBeTypeOf('number');
    const group = await server.api<{ group_properties: Record<string, unknown> }>(
      'GET',
      `/api/projects/@current/groups/find?${new URLSearchParams({ group_type_index: String(index), group_key: version })}`,
    );
    expect(group.group_properties).toMatchObject({ version_number: version });
  });

  it('flushes by itself at flushAt events and every flushIntervalMs', async () => {
    const byCount = client({ flushAt: 3, flushIntervalMs: 60_000 });
    const id = unique('flush-at');
    for (let i = 0; i < 3; i++)
      byCount.signpost.capture({ distinctId: id, event: 'tick', properties: { i } });
    expect(await server.waitForEvents({ event: 'tick', distinct_id: id }, 3)).toHaveLength(3);
    await byCount.signpost.shutdown();

    const byTime = client({ flushAt: 1_000, flushIntervalMs: 100 });
    const other = unique('flush-interval');
    byTime.signpost.capture({ distinctId: other, event: 'tick' });
    expect(byTime.signpost.stats().queued).toBe(1);
    expect(await server.waitForEvents({ event: 'tick', distinct_id: other }, 1)).toHaveLength(1);
    await byTime.signpost.flush(); // the server may list the event before its answer reached the client
    expect(byTime.signpost.stats()).toMatchObject({ queued: 0, sent: 1 });
    await byTime.signpost.shutdown();
  });

  it('splits a queue larger than maxBatchSize into several batches', async () => {
    const { signpost, requests } = client({ maxBatchSize: 10 });
    const id = unique('batches');
    for (let i = 0; i < 25; i++) signpost.capture({ distinctId: id, event: 'bulk', properties: { i } });
    await signpost.flush();
    expect(requests.map((r) => JSON.parse(r.body ?? '{}').batch.length)).toEqual([10, 10, 5]);
    const stored = await server.waitForEvents({ event: 'bulk', distinct_id: id }, 25);
    expect(stored.map((e) => e.properties.i).sort((a, b) => Number(a) - Number(b))).toEqual(
      Array.from({ length: 25 }, (_, i) => i),
    );
    await signpost.shutdown();
  });

  it('reports invalid messages to onError and ignores events after shutdown', async () => {
    const { signpost, errors } = client();
    signpost.capture({ distinctId: '', event: 'x' });
    signpost.alias({ distinctId: 'a', alias: '  ' });
    expect(errors.map((e) => e.code)).toEqual(['INVALID_MESSAGE', 'INVALID_MESSAGE']);
    await signpost.shutdown();
    signpost.capture({ distinctId: 'late', event: 'x' });
    expect(signpost.stats().queued).toBe(0);
  });

  it('does not retry a batch the server refuses with a 4xx, and says why', async () => {
    const recorder = recordingFetch();
    const errors: SignpostError[] = [];
    const signpost = new Signpost('phc_not_a_known_project_key', {
      host: server.url,
      fetch: recorder.fetch,
      onError: (e) => errors.push(e),
    });
    signpost.capture({ distinctId: 'x', event: 'lost' });
    await signpost.shutdown();
    expect(recorder.requests.map((r) => r.status)).toEqual([401]);
    expect(errors.map((e) => [e.code, e.status])).toEqual([['EVENTS_REJECTED', 401]]);
    expect(signpost.stats()).toMatchObject({ rejected: 1, sent: 0, queued: 0 });
  });

  it('SDK_VERSION is the package version', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    expect(SDK_VERSION).toBe(pkg.version);
  });
});
