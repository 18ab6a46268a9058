import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type InProcess, inProcess, STORAGE_KINDS } from '../testing/in-process.ts';
import { ADMIN_KEY, call, memberKey } from './change-requests.test-kit.ts';

// The writes besides PATCH/DELETE/archive that change what an SDK is served: revert, promote, schedules.
// Production (the project's first environment) needs one approval; staging needs none.

const REQUESTS = '/api/projects/@current/change_requests';

interface RequestJson {
  id: string;
  flag_id: number;
  environment_id: number;
  status: string;
  diff: { field: string; before: unknown; after: unknown }[];
}
interface FlagJson {
  id: number;
  active: boolean;
  deleted: boolean;
  filters: { groups: { rollout_percentage?: number | null }[] };
}
interface HistoryJson {
  results: { id: string; activity: string; detail: { changes: { field: string }[] } }[];
}

describe.each(STORAGE_KINDS)('approvals hold every flag write (%s)', (kind) => {
  let sp: InProcess;
  let alice: string;
  let bob: string;
  let production: number;
  let staging: number;
  const as = (key: string, method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
    call(sp.signpost, key, method, path, body, headers);
  const json = async <T>(answer: Response | Promise<Response>, status: number): Promise<T> => {
    const r = await answer;
    const text = await r.text();
    expect(r.status, text).toBe(status);
    return JSON.parse(text) as T;
  };
  const flags = (env: number) => `/api/projects/${env}/feature_flags`;
  const flagIn = (env: number, id: number) =>
    json<FlagJson>(as(ADMIN_KEY, 'GET', `${flags(env)}/${id}/`), 200);
  const pending = async () =>
    (await json<{ results: RequestJson[] }>(await as(bob, 'GET', `${REQUESTS}/?status=pending`), 200))
      .results;
  const approve = (id: string) => json<RequestJson>(as(bob, 'POST', `${REQUESTS}/${id}/approve/`), 200);
  const rollout = (f: FlagJson) => f.filters.groups[0]?.rollout_percentage;

  beforeEach(async () => {
    sp = await inProcess(kind);
    alice = await memberKey(sp.signpost, 'alice@example.com', 'flag_editor');
    bob = await memberKey(sp.signpost, 'bob@example.com', 'flag_editor');
    production = (await json<{ id: number }>(as(ADMIN_KEY, 'GET', '/api/projects/@current/'), 200)).id;
    staging = (
      await json<{ id: number }>(
        as(ADMIN_KEY, 'POST', '/api/projects/@current/environments/', { name: 'staging' }),
        201,
      )
    ).id;
    await json(as(ADMIN_KEY, 'PATCH', '/api/projects/@current/', { flag_change_approvals: 1 }), 200);
    await json(
      as(ADMIN_KEY, 'PATCH', `/api/projects/@current/environments/${staging}/`, { flag_change_approvals: 0 }),
      200,
    );
  });
  afterEach(() => sp.stop());

  const flagAt = async (percentage: number) => {
    const created = await json<FlagJson>(
      as(ADMIN_KEY, 'POST', `${flags(production)}/`, {
        key: 'checkout',
        active: true,
        filters: { groups: [{ properties: [], rollout_percentage: percentage }] },
      }),
      201,
    );
    return created.id;
  };

  it('a revert in production waits for approval, then applies; an admin may bypass with a reason', async () => {
    const id = await flagAt(10);
    // An admin's bypassed edit applies now, so history has an entry to revert.
    await json(
      as(
        ADMIN_KEY,
        'PATCH',
        `${flags(production)}/${id}/?bypass_approval=true`,
        { filters: { groups: [{ properties: [], rollout_percentage: 90 }] } },
        { 'x-signpost-reason': 'ramp' },
      ),
      200,
    );
    const history = await json<HistoryJson>(as(alice, 'GET', `${flags(production)}/${id}/activity/`), 200);
    const ramp = history.results[0]?.id as string;

    const held = await json<RequestJson>(
      as(alice, 'POST', `${flags(production)}/${id}/activity/${ramp}/revert/`),
      202,
    );
    expect(held).toMatchObject({ flag_id: id, environment_id: production, status: 'pending' });
    expect(held.diff.map((d) => d.field)).toEqual(['filters']);
    expect(rollout(await flagIn(production, id))).toBe(90);
    expect((await approve(held.id)).status).toBe('applied');
    expect(rollout(await flagIn(production, id))).toBe(10);

    // Same bypass rules as a PATCH: a member may not, an admin needs a reason, then it applies at once.
    const latest = await json<HistoryJson>(as(alice, 'GET', `${flags(production)}/${id}/activity/`), 200);
    const applied = latest.results[0]?.id as string;
    expect(applied).not.toBe(ramp);
    const bypass = `${flags(production)}/${id}/activity/${applied}/revert/?bypass_approval=true`;
    expect((await json<{ code: string }>(as(alice, 'POST', bypass), 403)).code).toBe('BYPASS_NOT_ALLOWED');
    expect((await json<{ code: string }>(as(ADMIN_KEY, 'POST', bypass), 400)).code).toBe(
      'BYPASS_REASON_REQUIRED',
    );
    expect(rollout(await flagIn(production, id))).toBe(10);
    await json(as(ADMIN_KEY, 'POST', bypass, undefined, { 'x-signpost-reason': 'incident' }), 200);
    expect(rollout(await flagIn(production, id))).toBe(90);
    expect(await pending()).toEqual([]);
    const last = await json<HistoryJson>(as(alice, 'GET', `${flags(production)}/${id}/activity/`), 200);
    expect(JSON.stringify(last.results[0])).toContain('approval bypassed: incident');
  });

  it('reverting a deletion in production is held too, and brings the flag back once approved', async () => {
    const id = await flagAt(30);
    const deleted = await as(
      ADMIN_KEY,
      'DELETE',
      `${flags(production)}/${id}/?bypass_approval=true`,
      undefined,
      {
        'x-signpost-reason': 'cleanup',
      },
    );
    expect(deleted.status).toBe(204);
    // A deleted flag's own history route answers 404; the project's log still has the entry.
    const history = await json<HistoryJson>(
      as(alice, 'GET', `/api/projects/@current/activity_log/?scope=FeatureFlag&item_id=${id}`),
      200,
    );
    const deletion = history.results[0]?.id as string;
    const held = await json<RequestJson>(
      as(alice, 'POST', `${flags(production)}/${id}/activity/${deletion}/revert/`),
      202,
    );
    expect(held.diff).toEqual([{ field: 'deleted', before: true, after: false }]);
    await json(as(ADMIN_KEY, 'GET', `${flags(production)}/${id}/`), 404);
    expect((await approve(held.id)).status).toBe('applied');
    expect((await flagIn(production, id)).deleted).toBe(false);
  });

  it('a revert in an environment that needs no approval applies at once', async () => {
    const id = await flagAt(10);
    await json(as(alice, 'PATCH', `${flags(staging)}/${id}/`, { active: true }), 200);
    const history = await json<HistoryJson>(as(alice, 'GET', `${flags(staging)}/${id}/activity/`), 200);
    const on = history.results[0]?.id as string;
    const reverted = await json<FlagJson>(
      as(alice, 'POST', `${flags(staging)}/${id}/activity/${on}/revert/`),
      200,
    );
    expect(reverted.active).toBe(false);
    expect(await pending()).toEqual([]);
  });

  it('promoting into production holds one request per changed flag; into staging it applies', async () => {
    const checkout = await flagAt(10);
    const other = (
      await json<FlagJson>(
        as(ADMIN_KEY, 'POST', `${flags(production)}/`, { key: 'banner', active: true }),
        201,
      )
    ).id;
    await json(
      as(alice, 'PATCH', `${flags(staging)}/${checkout}/`, {
        active: true,
        filters: { groups: [{ properties: [], rollout_percentage: 75 }] },
      }),
      200,
    );
    const promote = (key: string, from: number, to: number) =>
      as(key, 'POST', `${flags(production)}/promote/`, {
        from,
        to,
        flags: [checkout, 'banner'],
        reason: 'staging looked good',
      });
    const held = await json<{ promoted: unknown[]; change_requests: RequestJson[] }>(
      promote(alice, staging, production),
      202,
    );
    expect(held.promoted).toEqual([]);
    // `banner` is off in staging and on in production: both flags differ, so both wait.
    expect(held.change_requests.map((r) => r.flag_id).sort()).toEqual([checkout, other].sort());
    expect(rollout(await flagIn(production, checkout))).toBe(10);
    expect((await flagIn(production, other)).active).toBe(true);

    const forCheckout = held.change_requests.find((r) => r.flag_id === checkout) as RequestJson;
    expect(forCheckout.environment_id).toBe(production);
    expect((await approve(forCheckout.id)).status).toBe('applied');
    expect(rollout(await flagIn(production, checkout))).toBe(75);
    expect((await flagIn(production, other)).active).toBe(true);

    // The other way needs no review: staging takes production's settings at once.
    const applied = await json<{ promoted: { key: string }[] }>(promote(alice, production, staging), 200);
    expect(applied.promoted.map((p) => p.key)).toEqual(['banner']);
    expect((await flagIn(staging, other)).active).toBe(true);
  });

  it('a promotion refused whole leaves no request behind', async () => {
    const id = await flagAt(10);
    await json(
      as(
        ADMIN_KEY,
        'PATCH',
        `${flags(production)}/${id}/?bypass_approval=true`,
        {
          filters: {
            groups: [{ properties: [], rollout_percentage: 10 }],
            multivariate: {
              variants: [
                { key: 'a', rollout_percentage: 50 },
                { key: 'b', rollout_percentage: 50 },
              ],
            },
          },
        },
        { 'x-signpost-reason': 'variants' },
      ),
      200,
    );
    const missing = await json<{ code: string }>(
      as(alice, 'POST', `${flags(production)}/promote/`, {
        from: staging,
        to: production,
        flags: [id, 'no-such-flag'],
        reason: 'r',
      }),
      404,
    );
    expect(missing.code).toBe('FLAG_NOT_FOUND');
    expect(await pending()).toEqual([]);
  });

  it('schedules and plans in production need an admin’s bypass; in staging anyone may make them', async () => {
    const id = await flagAt(10);
    const change = {
      record_id: id,
      model_name: 'FeatureFlag',
      payload: { operation: 'update_status', value: false },
      scheduled_at: '2099-01-01T00:00:00Z',
    };
    const plan = {
      steps: [{ scheduled_at: '2099-01-01T00:00:00Z', payload: { operation: 'update_rollout', value: 50 } }],
    };
    const refused = await json<{ code: string; attr: string }>(
      as(alice, 'POST', `/api/projects/${production}/scheduled_changes/`, change),
      409,
    );
    expect(refused.code).toBe('APPROVAL_REQUIRED');
    expect(
      (
        await json<{ code: string }>(
          as(alice, 'POST', `${flags(production)}/${id}/rollout_plans/`, plan),
          409,
        )
      ).code,
    ).toBe('APPROVAL_REQUIRED');
    expect(
      (
        await json<{ code: string }>(
          as(alice, 'POST', `/api/projects/${production}/scheduled_changes/?bypass_approval=true`, change, {
            'x-signpost-reason': 'x',
          }),
          403,
        )
      ).code,
    ).toBe('BYPASS_NOT_ALLOWED');
    // Nothing was saved by the refusals.
    expect(
      (await json<{ count: number }>(as(alice, 'GET', `/api/projects/${production}/scheduled_changes/`), 200))
        .count,
    ).toBe(0);
    // A change that would apply right now is refused the same way (it would skip review as surely).
    await json(
      as(alice, 'POST', `/api/projects/${production}/scheduled_changes/`, { ...change, scheduled_at: 'now' }),
      409,
    );
    expect((await flagIn(production, id)).active).toBe(true);

    await json(
      as(ADMIN_KEY, 'POST', `/api/projects/${production}/scheduled_changes/?bypass_approval=true`, change, {
        'x-signpost-reason': 'launch night',
      }),
      201,
    );
    await json(
      as(ADMIN_KEY, 'POST', `${flags(production)}/${id}/rollout_plans/?bypass_approval=true`, plan, {
        'x-signpost-reason': 'ramp',
      }),
      201,
    );
    await json(as(alice, 'POST', `/api/projects/${staging}/scheduled_changes/`, change), 201);
    await json(as(alice, 'POST', `${flags(staging)}/${id}/rollout_plans/`, plan), 201);
  });

  it('shipping a variant and releasing early access to everyone need an admin’s bypass in production', async () => {
    const bypass = { 'x-signpost-reason': 'launch approved in the meeting' };
    const experiment = await json<{ id: number }>(
      as(ADMIN_KEY, 'POST', '/api/projects/@current/experiments/', {
        name: 'Ship me',
        feature_flag_key: 'ship-exp',
      }),
      201,
    );
    const ship = `/api/projects/@current/experiments/${experiment.id}/ship_variant/`;
    const refused = await json<{ code: string }>(as(ADMIN_KEY, 'POST', ship, { variant: 'test' }), 409);
    expect(refused.code).toBe('APPROVAL_REQUIRED');
    await json(as(ADMIN_KEY, 'POST', `${ship}?bypass_approval=true`, { variant: 'test' }, bypass), 200);

    const feature = await json<{ id: number }>(
      as(ADMIN_KEY, 'POST', '/api/projects/@current/early_access_feature/', {
        name: 'Dark mode',
        stage: 'beta',
      }),
      201,
    );
    const path = `/api/projects/@current/early_access_feature/${feature.id}/`;
    // Other edits are not held: they change no flag.
    await json(as(ADMIN_KEY, 'PATCH', path, { description: 'Easier on the eyes' }), 200);
    const ga = { stage: 'general-availability' };
    expect((await json<{ code: string }>(as(ADMIN_KEY, 'PATCH', path, ga), 409)).code).toBe(
      'APPROVAL_REQUIRED',
    );
    await json(as(ADMIN_KEY, 'PATCH', `${path}?bypass_approval=true`, ga, bypass), 200);
  });
});
