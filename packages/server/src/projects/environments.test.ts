// biome-ignore-all lint/suspicious/noExplicitAny: the test walks loosely typed JSON answers.
import { afterEach, describe, expect, it } from 'vitest';
import { type InProcess, inProcess, STORAGE_KINDS } from '../testing/in-process.ts';
import { TEST_PERSONAL_KEY, TEST_PROJECT_KEY } from '../testing/test-server.ts';

// Environments end to end over HTTP: each key reaches its own events and its own flag settings, settings
// differ per environment while the flag stays one, and promotion copies them over, all or nothing.

let sp: InProcess | undefined;
afterEach(async () => {
  await sp?.stop();
  sp = undefined;
});

async function call(method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> {
  if (!sp) throw new Error('no server');
  const res = await sp.signpost.app.request(path, {
    method,
    headers: { authorization: `Bearer ${TEST_PERSONAL_KEY}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null };
}

async function flagsFor(token: string, distinctId: string): Promise<Record<string, boolean | string>> {
  if (!sp) throw new Error('no server');
  const res = await sp.signpost.app.request('/flags/?v=2', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token, distinct_id: distinctId }),
  });
  const body = (await res.json()) as { flags: Record<string, { enabled: boolean; variant?: string | null }> };
  return Object.fromEntries(
    Object.entries(body.flags).map(([k, v]) => [k, v.variant ?? v.enabled] as [string, boolean | string]),
  );
}

describe.each(STORAGE_KINDS)('environments on %s', (kind) => {
  it('keeps each environment’s events and flag settings apart, and promotes them', async () => {
    sp = await inProcess(kind);
    const current = await call('GET', '/api/projects/@current/');
    expect(current.json).toMatchObject({ id: 1, project_id: 1, api_token: TEST_PROJECT_KEY });
    expect(current.json.environments).toHaveLength(1);
    expect(current.json.environment).toMatchObject({ id: 1, name: 'production', production: true });

    const staging = await call('POST', '/api/projects/@current/environments/', { name: 'staging' });
    expect(staging.status).toBe(201);
    const stagingId = staging.json.id as number;
    const stagingKey = staging.json.api_token as string;
    expect(stagingKey).toMatch(/^phc_/);
    expect(stagingId).not.toBe(1);
    const dup = await call('POST', '/api/projects/@current/environments/', { name: 'staging' });
    expect(dup.status).toBe(409);
    expect(dup.json.code).toBe('ENVIRONMENT_NAME_TAKEN');

    // A flag made in production is on there and off (same conditions) in staging.
    const made = await call('POST', '/api/projects/@current/feature_flags/', {
      key: 'new-ui',
      filters: { groups: [{ properties: [], rollout_percentage: 100 }] },
    });
    expect(made.status).toBe(201);
    const flagId = made.json.id as number;
    expect(await flagsFor(TEST_PROJECT_KEY, 'u1')).toMatchObject({ 'new-ui': true });
    expect((await flagsFor(stagingKey, 'u1'))['new-ui']).toBeUndefined();

    // Staging gets its own rollout: 0% in production stays untouched.
    const patched = await call('PATCH', `/api/projects/${stagingId}/feature_flags/${flagId}/`, {
      active: true,
      filters: {
        groups: [
          {
            properties: [{ key: 'email', type: 'person', value: '@acme.com', operator: 'icontains' }],
            rollout_percentage: 100,
          },
        ],
      },
    });
    expect(patched.status).toBe(200);
    expect(patched.json).toMatchObject({ environment_id: stagingId, active: true });
    const inProduction = await call('GET', `/api/projects/1/feature_flags/${flagId}/`);
    expect(inProduction.json.filters.groups[0].properties).toEqual([]);
    // Identity is shared: renaming in staging renames everywhere.
    await call('PATCH', `/api/projects/${stagingId}/feature_flags/${flagId}/`, { name: 'New UI' });
    expect((await call('GET', `/api/projects/1/feature_flags/${flagId}/`)).json.name).toBe('New UI');

    const side = await call('GET', `/api/projects/@current/feature_flags/${flagId}/environments/`);
    expect(side.json.results.map((r: any) => [r.environment.name, r.active])).toEqual([
      ['production', true],
      ['staging', true],
    ]);

    // Events go to the environment their key names.
    await sp.capture({ api_key: stagingKey, batch: [{ event: 'staged', distinct_id: 's1' }] });
    await sp.capture({ api_key: TEST_PROJECT_KEY, batch: [{ event: 'prod', distinct_id: 'p1' }] });
    const stagedEvents = await call('GET', `/api/projects/${stagingId}/events/`);
    expect(stagedEvents.json.results.map((e: any) => e.event)).toEqual(['staged']);
    const prodEvents = await call('GET', '/api/projects/1/events/');
    expect(prodEvents.json.results.map((e: any) => e.event)).toEqual(['prod']);
    const aliased = await call('GET', `/api/environments/${stagingId}/events/`);
    expect(aliased.json.results.map((e: any) => e.event)).toEqual(['staged']);

    // The diff names the field; the promotion copies it; production now answers as staging did.
    const diff = await call(
      'GET',
      '/api/projects/@current/feature_flags/environment_diff/?from=staging&to=production',
    );
    expect(diff.status).toBe(200);
    expect(diff.json.flags).toHaveLength(1);
    expect(diff.json.flags[0].differences.map((d: any) => d.field)).toEqual(['filters.groups']);
    const noReason = await call('POST', '/api/projects/@current/feature_flags/promote/', {
      from: 'staging',
      to: 'production',
      flags: [flagId],
    });
    expect(noReason.status).toBe(400);
    const promoted = await call('POST', '/api/projects/@current/feature_flags/promote/', {
      from: 'staging',
      to: 'production',
      flags: ['new-ui'],
      reason: 'tested on staging',
    });
    expect(promoted.status).toBe(200);
    expect(promoted.json.promoted).toHaveLength(1);
    expect(await flagsFor(TEST_PROJECT_KEY, 'u1')).toMatchObject({ 'new-ui': false });
    const after = await call(
      'GET',
      '/api/projects/@current/feature_flags/environment_diff/?from=staging&to=production',
    );
    expect(after.json.flags).toEqual([]);
    const history = await call('GET', `/api/projects/@current/feature_flags/${flagId}/activity/`);
    expect(history.json.results[0].detail).toMatchObject({ reason: 'tested on staging', environment_id: 1 });

    // The last environment cannot go; staging can, with its events.
    expect((await call('DELETE', `/api/projects/@current/environments/${stagingId}/`)).status).toBe(204);
    expect((await call('DELETE', '/api/projects/@current/environments/1/')).json.code).toBe(
      'LAST_ENVIRONMENT',
    );
    expect((await call('GET', `/api/projects/${stagingId}/events/`)).status).toBe(404);
  });

  it('refuses a promotion whose payload shapes differ or whose dependency is off, and applies nothing', async () => {
    sp = await inProcess(kind);
    const staging = (await call('POST', '/api/projects/@current/environments/', { name: 'staging' })).json;
    const base = (
      await call('POST', '/api/projects/@current/feature_flags/', {
        key: 'base',
        active: false,
        filters: { groups: [{ properties: [], rollout_percentage: 100 }] },
      })
    ).json;
    const dependent = (
      await call('POST', '/api/projects/@current/feature_flags/', {
        key: 'dependent',
        filters: { groups: [{ properties: [], rollout_percentage: 100 }], payloads: { true: '{"a":1}' } },
      })
    ).json;
    await call('PATCH', `/api/projects/${staging.id}/feature_flags/${base.id}/`, { active: true });
    await call('PATCH', `/api/projects/${staging.id}/feature_flags/${dependent.id}/`, {
      active: true,
      filters: {
        groups: [
          {
            properties: [{ key: 'base', type: 'flag', value: true, operator: 'flag_evaluates_to' }],
            rollout_percentage: 50,
          },
        ],
        payloads: { true: '{"a":2}' },
      },
    });
    const broken = await call('POST', '/api/projects/@current/feature_flags/promote/', {
      from: 'staging',
      to: 'production',
      flags: ['dependent'],
      reason: 'try',
    });
    expect(broken.status).toBe(409);
    expect(broken.json).toMatchObject({ code: 'PROMOTION_BREAKS_DEPENDENCY' });
    expect(broken.json.detail).toContain('base');
    // Promoting both together is fine.
    const both = await call('POST', '/api/projects/@current/feature_flags/promote/', {
      from: 'staging',
      to: 'production',
      flags: ['dependent', 'base'],
      reason: 'together',
    });
    expect(both.status).toBe(200);
    expect(both.json.promoted).toHaveLength(2);

    await call('PATCH', `/api/projects/${staging.id}/feature_flags/${dependent.id}/`, {
      filters: { groups: [{ properties: [], rollout_percentage: 10 }], payloads: { true: '"just text"' } },
    });
    const shaped = await call('POST', '/api/projects/@current/feature_flags/promote/', {
      from: staging.id,
      to: 1,
      flags: [dependent.id],
      reason: 'shape',
    });
    expect(shaped.status).toBe(400);
    expect(shaped.json).toMatchObject({ code: 'PROMOTION_SHAPE_MISMATCH', attr: 'filters.payloads.true' });
    const inProduction = (await call('GET', `/api/projects/1/feature_flags/${dependent.id}/`)).json;
    expect(inProduction.filters.groups[0].rollout_percentage).toBe(50);
  });

  it('creates, lists and deletes projects with typed confirmation', async () => {
    sp = await inProcess(kind);
    const made = await call('POST', '/api/projects/', { name: 'Mobile app' });
    expect(made.status).toBe(201);
    expect(made.json).toMatchObject({ name: 'Mobile app', environment: { name: 'production' } });
    const list = await call('GET', '/api/projects/');
    expect(list.json.results.map((p: any) => p.name)).toEqual(['Default project', 'Mobile app']);
    // Its key sends events there and nowhere else.
    await sp.capture({ api_key: made.json.api_token, batch: [{ event: 'mobile', distinct_id: 'm' }] });
    expect((await call('GET', `/api/projects/${made.json.id}/events/`)).json.results).toHaveLength(1);
    expect((await call('GET', '/api/projects/1/events/')).json.results).toHaveLength(0);
    const wrong = await call('DELETE', `/api/projects/${made.json.id}/?confirm=mobile`);
    expect(wrong.status).toBe(400);
    expect(wrong.json.code).toBe('CONFIRMATION_MISMATCH');
    const gone = await call(
      'DELETE',
      `/api/projects/${made.json.id}/?confirm=${encodeURIComponent('Mobile app')}`,
    );
    expect(gone.status).toBe(204);
    expect((await call('GET', `/api/projects/${made.json.id}/`)).status).toBe(404);
    expect((await call('DELETE', '/api/projects/1/?confirm=Default%20project')).json.code).toBe(
      'LAST_PROJECT',
    );
  });
});

describe('insights across environments', () => {
  it('reads the route’s environment by default and every environment when asked', async () => {
    sp = await inProcess('duckdb');
    const staging = (await call('POST', '/api/projects/@current/environments/', { name: 'staging' })).json;
    const at = new Date().toISOString();
    await sp.capture({
      api_key: staging.api_token,
      batch: [{ event: 'signup', distinct_id: 'a', timestamp: at }],
    });
    await sp.capture({
      api_key: TEST_PROJECT_KEY,
      batch: ['b', 'c'].map((d) => ({ event: 'signup', distinct_id: d, timestamp: at })),
    });
    const query = {
      kind: 'TrendsQuery',
      series: [{ kind: 'EventsNode', event: 'signup' }],
      dateRange: { date_from: '-1d' },
    };
    const total = async (path: string, extra: Record<string, unknown> = {}) => {
      const res = await call('POST', path, { query, ...extra });
      expect(res.status).toBe(200);
      return (res.json.results as { count: number }[]).reduce((sum, r) => sum + r.count, 0);
    };
    expect(await total('/api/projects/1/query/')).toBe(2);
    expect(await total(`/api/projects/${staging.id}/query/`)).toBe(1);
    expect(await total('/api/projects/1/query/', { environments: 'all' })).toBe(3);
    // A new event in staging moves the "all" result: its cache key covers every environment it read.
    await sp.capture({
      api_key: staging.api_token,
      batch: [{ event: 'signup', distinct_id: 'd', timestamp: at }],
    });
    expect(await total('/api/projects/1/query/', { environments: 'all' })).toBe(4);
    expect(await total('/api/projects/1/query/')).toBe(2);
  });
});

describe('a member whose project is deleted by someone else', () => {
  it('lands in the next project they have a role in, and can still switch', async () => {
    sp = await inProcess('memory', {
      SIGNPOST_ADMIN_EMAIL: 'ada@example.com',
      SIGNPOST_ADMIN_PASSWORD: 'hunter2hunter2',
    });
    const { browserish } = await import('../auth/auth-test-client.ts');
    const web = browserish(sp.signpost);
    await web.signIn('ada@example.com', 'hunter2hunter2');
    const made = await web.request('POST', '/api/projects/', { body: { name: 'Short lived' }, csrf: true });
    const other = (await made.json()) as { id: number };
    expect(
      (await web.request('PATCH', '/api/users/@me/', { body: { set_current_project: other.id }, csrf: true }))
        .status,
    ).toBe(200);
    // The installation key deletes it from under the signed-in member.
    expect((await call('DELETE', `/api/projects/${other.id}/?confirm=Short%20lived`)).status).toBe(204);
    const session = (await (await web.request('GET', '/_auth/session')).json()) as {
      project: { id: number } | null;
    };
    expect(session.project?.id).toBe(1);
    const current = await web.request('GET', '/api/projects/@current/');
    expect(current.status).toBe(200);
    expect(
      (await web.request('PATCH', '/api/users/@me/', { body: { set_current_team: 1 }, csrf: true })).status,
    ).toBe(200);
  });
});
