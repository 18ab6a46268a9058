import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type InProcess, inProcess, STORAGE_KINDS } from '../testing/in-process.ts';
import { ADMIN_KEY, call, memberKey } from './change-requests.test-kit.ts';

const FLAGS = '/api/projects/@current/feature_flags';
const REQUESTS = '/api/projects/@current/change_requests';

interface RequestJson {
  id: string;
  flag_id: number;
  environment_id: number;
  status: string;
  diff: { field: string; before: unknown; after: unknown }[];
  requested_by: { id: string; name: string };
  approvals: { id: string }[];
  required_approvals: number;
  comment: string | null;
}
interface ErrorJson {
  code: string;
}

describe.each(STORAGE_KINDS)('change requests over HTTP (%s)', (kind) => {
  let sp: InProcess;
  let alice: string;
  let bob: string;
  let viewer: string;
  const as = (key: string, method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
    call(sp.signpost, key, method, path, body, headers);
  const json = async <T>(r: Response, status: number): Promise<T> => {
    const text = await r.text();
    expect(r.status, text).toBe(status);
    return JSON.parse(text) as T;
  };
  const approvals = (n: number) =>
    as(ADMIN_KEY, 'PATCH', '/api/projects/@current/', { flag_change_approvals: n });
  const flag = async (key = 'checkout') =>
    (await json<{ id: number }>(await as(ADMIN_KEY, 'POST', `${FLAGS}/`, { key, active: true }), 201)).id;
  const flagState = async (id: number) =>
    json<{ active: boolean; deleted: boolean; archived?: boolean }>(
      await as(ADMIN_KEY, 'GET', `${FLAGS}/${id}/`),
      200,
    );

  beforeEach(async () => {
    sp = await inProcess(kind);
    alice = await memberKey(sp.signpost, 'alice@example.com', 'flag_editor');
    bob = await memberKey(sp.signpost, 'bob@example.com', 'flag_editor');
    viewer = await memberKey(sp.signpost, 'vera@example.com', 'viewer');
  });
  afterEach(() => sp.stop());

  it('holds a change as a request, refuses self-approval and viewers, applies on another member’s approval', async () => {
    const id = await flag();
    const settings = await json<{ flag_change_approvals: number }>(await approvals(1), 200);
    expect(settings.flag_change_approvals).toBe(1);

    const held = await as(
      alice,
      'PATCH',
      `${FLAGS}/${id}/`,
      { active: false },
      { 'x-signpost-reason': 'incident 42' },
    );
    const request = await json<RequestJson>(held, 202);
    expect(request).toMatchObject({ flag_id: id, status: 'pending', required_approvals: 1, approvals: [] });
    expect(request.diff).toEqual([{ field: 'active', before: true, after: false }]);
    expect(request.requested_by.name).toContain('alice@example.com');
    expect((await flagState(id)).active).toBe(true);

    expect(
      (await json<ErrorJson>(await as(alice, 'POST', `${REQUESTS}/${request.id}/approve/`), 403)).code,
    ).toBe('SELF_APPROVAL');
    expect(
      (await json<ErrorJson>(await as(viewer, 'POST', `${REQUESTS}/${request.id}/approve/`), 403)).code,
    ).toBe('PERMISSION_DENIED');
    // Viewers may still read what is waiting.
    const pending = await json<{ results: RequestJson[] }>(
      await as(viewer, 'GET', `${REQUESTS}/?status=pending`),
      200,
    );
    expect(pending.results.map((r) => r.id)).toEqual([request.id]);

    const applied = await json<RequestJson>(await as(bob, 'POST', `${REQUESTS}/${request.id}/approve/`), 200);
    expect(applied.status).toBe('applied');
    expect((await flagState(id)).active).toBe(false);
    expect(
      (await json<{ results: unknown[] }>(await as(bob, 'GET', `${REQUESTS}/?status=pending`), 200)).results,
    ).toEqual([]);

    const history = await json<{
      results: { user: { email?: string }; detail: { changes: { field: string }[] } }[];
    }>(await as(ADMIN_KEY, 'GET', `${FLAGS}/${id}/activity/`), 200);
    const latest = JSON.stringify(history.results[0]);
    expect(latest).toContain('alice@example.com');
    expect(latest).toContain('approved by');
    expect(latest).toContain('bob@example.com');
    expect(latest).toContain('incident 42');
    expect(history.results[0]?.detail.changes.map((c) => c.field)).toEqual(['active']);
  });

  it('needs N distinct approvals when N is 2, each member counted once', async () => {
    const id = await flag();
    await approvals(2);
    const request = await json<RequestJson>(
      await as(alice, 'PATCH', `${FLAGS}/${id}/`, { filters: { groups: [{ rollout_percentage: 50 }] } }),
      202,
    );
    expect(request.diff.map((d) => d.field)).toEqual(['filters']);
    const one = await json<RequestJson>(await as(bob, 'POST', `${REQUESTS}/${request.id}/approve/`), 200);
    expect(one).toMatchObject({ status: 'pending', approvals: [{ name: expect.any(String) }] });
    expect(
      (await json<ErrorJson>(await as(bob, 'POST', `${REQUESTS}/${request.id}/approve/`), 409)).code,
    ).toBe('CHANGE_REQUEST_ALREADY_APPROVED');
    const before = await json<{ filters: { groups: { rollout_percentage?: number }[] } }>(
      await as(bob, 'GET', `${FLAGS}/${id}/`),
      200,
    );
    expect(before.filters.groups[0]?.rollout_percentage).not.toBe(50);
    const two = await json<RequestJson>(
      await as(ADMIN_KEY, 'POST', `${REQUESTS}/${request.id}/approve/`),
      200,
    );
    expect(two.status).toBe('applied');
    const after = await json<{ filters: { groups: { rollout_percentage?: number }[] } }>(
      await as(bob, 'GET', `${FLAGS}/${id}/`),
      200,
    );
    expect(after.filters.groups[0]?.rollout_percentage).toBe(50);
  });

  it('marks a request stale (409) when the flag changed since it was made, and applies nothing', async () => {
    const id = await flag();
    await approvals(1);
    const request = await json<RequestJson>(
      await as(alice, 'PATCH', `${FLAGS}/${id}/`, { active: false }),
      202,
    );
    // Someone else's change lands first (a rename is a label: it applies at once, and moves the version).
    await json(await as(bob, 'PATCH', `${FLAGS}/${id}/`, { name: 'Checkout v2' }), 200);
    expect(
      (await json<ErrorJson>(await as(bob, 'POST', `${REQUESTS}/${request.id}/approve/`), 409)).code,
    ).toBe('CHANGE_REQUEST_STALE');
    expect((await flagState(id)).active).toBe(true);
    const stale = await json<RequestJson>(await as(bob, 'GET', `${REQUESTS}/${request.id}/`), 200);
    expect(stale.status).toBe('stale');
    expect(
      (await json<ErrorJson>(await as(ADMIN_KEY, 'POST', `${REQUESTS}/${request.id}/approve/`), 409)).code,
    ).toBe('CHANGE_REQUEST_NOT_PENDING');
  });

  it('kill switch: a request when approvals are on; the admin bypass applies at once with a logged reason', async () => {
    const id = await flag();
    await approvals(1);
    const viaRequest = await json<RequestJson>(
      await as(bob, 'PATCH', `${FLAGS}/${id}/`, { active: false }),
      202,
    );
    expect(viaRequest.diff).toEqual([{ field: 'active', before: true, after: false }]);

    const bypass = `${FLAGS}/${id}/?bypass_approval=true`;
    expect(
      (
        await json<ErrorJson>(
          await as(bob, 'PATCH', bypass, { active: false }, { 'x-signpost-reason': 'x' }),
          403,
        )
      ).code,
    ).toBe('BYPASS_NOT_ALLOWED');
    expect((await json<ErrorJson>(await as(ADMIN_KEY, 'PATCH', bypass, { active: false }), 400)).code).toBe(
      'BYPASS_REASON_REQUIRED',
    );
    const killed = await json<{ active: boolean }>(
      await as(ADMIN_KEY, 'PATCH', bypass, { active: false }, { 'x-signpost-reason': 'error rate spike' }),
      200,
    );
    expect(killed.active).toBe(false);
    const history = await json<{ results: unknown[] }>(
      await as(ADMIN_KEY, 'GET', `${FLAGS}/${id}/activity/`),
      200,
    );
    expect(JSON.stringify(history.results[0])).toContain('approval bypassed: error rate spike');
    // The request made before the bypass no longer matches the flag.
    expect(
      (await json<ErrorJson>(await as(alice, 'POST', `${REQUESTS}/${viaRequest.id}/approve/`), 409)).code,
    ).toBe('CHANGE_REQUEST_STALE');
  });

  it('holds deletes and archives too; rejection needs a comment; only the author withdraws', async () => {
    const id = await flag();
    await approvals(1);
    const deletion = await json<RequestJson>(await as(alice, 'DELETE', `${FLAGS}/${id}/`), 202);
    expect(deletion.diff).toEqual([{ field: 'deleted', before: false, after: true }]);
    expect((await flagState(id)).deleted).toBe(false);
    expect(
      (await json<ErrorJson>(await as(bob, 'POST', `${REQUESTS}/${deletion.id}/reject/`, {}), 400)).code,
    ).toBe('INVALID_BODY');
    const rejected = await json<RequestJson>(
      await as(bob, 'POST', `${REQUESTS}/${deletion.id}/reject/`, { comment: 'still in use' }),
      200,
    );
    expect(rejected).toMatchObject({ status: 'rejected', comment: 'still in use' });

    const archive = await json<RequestJson>(await as(alice, 'POST', `${FLAGS}/${id}/archive/`), 202);
    expect(archive.diff.map((d) => d.field)).toContain('archived');
    expect(
      (await json<ErrorJson>(await as(bob, 'POST', `${REQUESTS}/${archive.id}/withdraw/`), 403)).code,
    ).toBe('NOT_REQUESTER');
    const withdrawn = await json<RequestJson>(
      await as(alice, 'POST', `${REQUESTS}/${archive.id}/withdraw/`),
      200,
    );
    expect(withdrawn.status).toBe('withdrawn');
    expect((await flagState(id)).archived ?? false).toBe(false);
    const all = await json<{ results: RequestJson[] }>(await as(bob, 'GET', `${REQUESTS}/`), 200);
    expect(all.results.map((r) => r.status)).toEqual(['withdrawn', 'rejected']);
    expect((await json<ErrorJson>(await as(bob, 'GET', `${REQUESTS}/nope/`), 404)).code).toBe(
      'CHANGE_REQUEST_NOT_FOUND',
    );
  });

  it('an environment overrides the project default; labels and creation never wait', async () => {
    const id = await flag();
    await approvals(1);
    const staging = await json<{ id: number }>(
      await as(ADMIN_KEY, 'POST', '/api/projects/@current/environments/', { name: 'staging' }),
      201,
    );
    const env = `/api/projects/@current/environments/${staging.id}/`;
    const shown = await json<{
      flag_change_approvals: number | null;
      effective_flag_change_approvals: number;
    }>(await as(ADMIN_KEY, 'PATCH', env, { flag_change_approvals: 0 }), 200);
    expect(shown).toMatchObject({ flag_change_approvals: 0, effective_flag_change_approvals: 0 });
    const inStaging = await json<{ active: boolean }>(
      await as(alice, 'PATCH', `/api/projects/${staging.id}/feature_flags/${id}/`, { active: true }),
      200,
    );
    expect(inStaging.active).toBe(true);
    // Labels apply at once in an environment that needs approvals; creating a flag is not held either.
    expect(
      (await json<{ name: string }>(await as(alice, 'PATCH', `${FLAGS}/${id}/`, { name: 'Checkout' }), 200))
        .name,
    ).toBe('Checkout');
    await json(await as(alice, 'POST', `${FLAGS}/`, { key: 'new-flag' }), 201);
    // Dropping the override makes staging follow the project again.
    await json(await as(ADMIN_KEY, 'PATCH', env, { flag_change_approvals: null }), 200);
    await json(
      await as(alice, 'PATCH', `/api/projects/${staging.id}/feature_flags/${id}/`, { active: false }),
      202,
    );
    expect((await json<ErrorJson>(await approvalsAs(alice, 5), 403)).code).toBe('PERMISSION_DENIED');
    expect((await json<ErrorJson>(await approvals(-1), 400)).code).toBe('INVALID_BODY');
  });

  const approvalsAs = (key: string, n: number) =>
    as(key, 'PATCH', '/api/projects/@current/', { flag_change_approvals: n });
});
