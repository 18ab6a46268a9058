import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Browserish, browserish } from '../auth/auth-test-client.ts';
import { type InProcess, inProcess } from '../testing/in-process.ts';
import { TEST_PERSONAL_KEY } from '../testing/test-server.ts';

const ADMIN = { SIGNPOST_ADMIN_EMAIL: 'admin@example.com', SIGNPOST_ADMIN_PASSWORD: 'hunter2hunter2' };
const API = '/api/projects/@current';
const FLAG = { key: 'new-flag', filters: { groups: [{ properties: [], rollout_percentage: 100 }] } };

let sp: InProcess;
beforeEach(async () => {
  sp = await inProcess('duckdb', ADMIN);
});
afterEach(async () => {
  await sp.stop();
});

const asKey = (key: string, method: string, path: string, body?: unknown) =>
  sp.signpost.app.request(path, {
    method,
    headers: {
      authorization: `Bearer ${key}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
const admin = (method: string, path: string, body?: unknown) => asKey(TEST_PERSONAL_KEY, method, path, body);
const json = async <T = Record<string, unknown>>(r: Response) => (await r.json()) as T;
const tokenOf = (url: string) => new URL(url).hash.replace('#token=', '');

/** Invites `email` with `role` and accepts the link in a fresh browser, which ends up signed in. */
async function join(email: string, role: string, password = 'correct horse battery'): Promise<Browserish> {
  const invite = await admin('POST', `${API}/invites/`, { email, role });
  expect(invite.status).toBe(201);
  const token = tokenOf((await json<{ invite_url: string }>(invite)).invite_url);
  const web = browserish(sp.signpost);
  const accepted = await web.request('POST', '/_auth/accept_invite', {
    body: { token, password, name: email },
  });
  expect(accepted.status).toBe(201);
  web.csrf = (await json<{ csrf_token: string }>(await web.request('GET', '/_auth/session'))).csrf_token;
  return web;
}

const memberId = async (email: string) => {
  const list = await json<{ results: { id: string; user: { email: string } }[] }>(
    await admin('GET', `${API}/members/`),
  );
  return list.results.find((m) => m.user.email === email)?.id as string;
};

describe('invitations', () => {
  it('a single-use link makes the invited email a member with its role, signed in', async () => {
    const invite = await admin('POST', `${API}/invites/`, { email: 'Bob@Example.com', role: 'viewer' });
    const body = await json<{ invite_url: string; target_email: string; role: string }>(invite);
    expect(body).toMatchObject({ target_email: 'bob@example.com', role: 'viewer' });
    const token = tokenOf(body.invite_url);
    expect(await json(await sp.signpost.app.request(`/_auth/invite?token=${token}`))).toMatchObject({
      email: 'bob@example.com',
      role: 'viewer',
    });
    const pending = await json<{ results: unknown[] }>(await admin('GET', `${API}/invites/`));
    expect(pending.results).toHaveLength(1);

    const bob = browserish(sp.signpost);
    const weak = await bob.request('POST', '/_auth/accept_invite', { body: { token, password: 'short' } });
    expect(weak.status).toBe(400);
    const ok = await bob.request('POST', '/_auth/accept_invite', {
      body: { token, password: 'long enough pw' },
    });
    expect(ok.status).toBe(201);
    expect(bob.cookie).toBeDefined();
    expect((await bob.request('GET', `${API}/feature_flags/`)).status).toBe(200);

    const again = await browserish(sp.signpost).request('POST', '/_auth/accept_invite', {
      body: { token, password: 'long enough pw' },
    });
    expect(again.status).toBe(400);
    expect(await json(again)).toMatchObject({ code: 'INVITATION_INVALID' });
    expect((await sp.signpost.app.request(`/_auth/invite?token=${token}`)).status).toBe(400);
    expect((await json<{ results: unknown[] }>(await admin('GET', `${API}/invites/`))).results).toHaveLength(
      0,
    );
    expect(await memberId('bob@example.com')).toBeDefined();
  });

  it('refuses an existing member, an unknown role, a revoked link, and non-admins inviting', async () => {
    expect(
      (await admin('POST', `${API}/invites/`, { email: 'admin@example.com', role: 'viewer' })).status,
    ).toBe(409);
    const badRole = await admin('POST', `${API}/invites/`, { email: 'x@example.com', role: 'owner' });
    expect(badRole.status).toBe(400);
    const invite = await json<{ id: string; invite_url: string }>(
      await admin('POST', `${API}/invites/`, { email: 'x@example.com', role: 'analyst' }),
    );
    expect((await admin('DELETE', `${API}/invites/${invite.id}/`)).status).toBe(204);
    const late = await browserish(sp.signpost).request('POST', '/_auth/accept_invite', {
      body: { token: tokenOf(invite.invite_url), password: 'long enough pw' },
    });
    expect(late.status).toBe(400);
    const editor = await join('ed@example.com', 'flag_editor');
    const denied = await editor.request('POST', `${API}/invites/`, {
      body: { email: 'y@example.com', role: 'admin' },
      csrf: true,
    });
    expect(denied.status).toBe(403);
    expect(await json(denied)).toMatchObject({
      code: 'PERMISSION_DENIED',
      required_scope: 'organization_member:write',
    });
  });
});

describe('roles', () => {
  it('a viewer reads but cannot change flags; promoted to flag_editor they can, at once', async () => {
    const bob = await join('bob@example.com', 'viewer');
    expect((await bob.request('GET', `${API}/feature_flags/`)).status).toBe(200);
    const denied = await bob.request('POST', `${API}/feature_flags/`, { body: FLAG, csrf: true });
    expect(denied.status).toBe(403);
    const id = await memberId('bob@example.com');
    const promoted = await admin('PATCH', `${API}/members/${id}/`, { role: 'flag_editor' });
    expect(await json(promoted)).toMatchObject({ role: 'flag_editor' });
    expect((await bob.request('POST', `${API}/feature_flags/`, { body: FLAG, csrf: true })).status).toBe(201);
    expect((await bob.request('PATCH', `${API}/`, { body: { name: 'x' }, csrf: true })).status).toBe(403);
    const log = await json<{ results: { scope: string; item_id: string; detail: { changes: unknown[] } }[] }>(
      await admin('GET', `${API}/activity_log/?scope=Member&item_id=${id}`),
    );
    expect(log.results[0]?.detail.changes).toEqual([
      expect.objectContaining({ field: 'role', before: 'viewer', after: 'flag_editor' }),
    ]);
  });

  it('the last active admin cannot be demoted, deactivated or removed', async () => {
    const id = await memberId('admin@example.com');
    for (const [method, body] of [
      ['PATCH', { role: 'viewer' }],
      ['PATCH', { status: 'deactivated' }],
      ['DELETE', undefined],
    ] as const) {
      const res = await admin(method, `${API}/members/${id}/`, body);
      expect(res.status).toBe(409);
      expect(await json(res)).toMatchObject({ code: 'LAST_ADMIN' });
    }
    await join('second@example.com', 'admin');
    expect((await admin('PATCH', `${API}/members/${id}/`, { role: 'viewer' })).status).toBe(200);
  });
});

describe('deactivation and removal', () => {
  it('stops the member’s sessions and keys at once, and reactivation restores the keys', async () => {
    const bob = await join('bob@example.com', 'analyst');
    const created = await bob.request('POST', '/api/personal_api_keys/', {
      body: { label: 'bob ci' },
      csrf: true,
    });
    expect(created.status).toBe(201);
    const key = (await json<{ value: string }>(created)).value;
    expect((await asKey(key, 'GET', `${API}/insights/`)).status).toBe(200);
    const id = await memberId('bob@example.com');
    expect((await admin('PATCH', `${API}/members/${id}/`, { status: 'deactivated' })).status).toBe(200);
    expect((await bob.request('GET', `${API}/insights/`)).status).toBe(401);
    expect((await asKey(key, 'GET', `${API}/insights/`)).status).toBe(401);
    const signIn = await browserish(sp.signpost).signIn('bob@example.com', 'correct horse battery');
    expect(signIn.status).toBe(403);
    expect(await json(signIn)).toMatchObject({ code: 'MEMBER_DEACTIVATED' });
    expect((await admin('PATCH', `${API}/members/${id}/`, { status: 'active' })).status).toBe(200);
    expect((await asKey(key, 'GET', `${API}/insights/`)).status).toBe(200);
    expect((await admin('DELETE', `${API}/members/${id}/`)).status).toBe(204);
    expect((await asKey(key, 'GET', `${API}/insights/`)).status).toBe(401);
    expect((await browserish(sp.signpost).signIn('bob@example.com', 'correct horse battery')).status).toBe(
      401,
    );
  });
});

describe('scoped personal keys', () => {
  it('are never wider than their creator, are capped by the owner’s role, and expire', async () => {
    const bob = await join('bob@example.com', 'analyst');
    const create = (body: unknown) => bob.request('POST', '/api/personal_api_keys/', { body, csrf: true });
    const tooWide = await create({ label: 'k', scopes: ['feature_flag:write'] });
    expect(tooWide.status).toBe(400);
    expect(await json(tooWide)).toMatchObject({ code: 'KEY_SCOPE_TOO_WIDE', attr: 'scopes' });
    expect((await create({ label: 'k', scopes: ['not_a:scope'] })).status).toBe(400);

    const narrow = (
      await json<{ value: string; scopes: string[] }>(
        await create({ label: 'flags only', scopes: ['feature_flag:read'] }),
      )
    ).value;
    expect((await asKey(narrow, 'GET', `${API}/feature_flags/`)).status).toBe(200);
    const outside = await asKey(narrow, 'GET', `${API}/insights/`);
    expect(outside.status).toBe(403);
    expect(await json(outside)).toMatchObject({ required_scope: 'insight:read' });
    // A narrow key cannot mint a wider one, nor a `*` key.
    expect(
      (await asKey(narrow, 'POST', '/api/personal_api_keys/', { label: 'x', scopes: ['*'] })).status,
    ).toBe(403);

    const all = (await json<{ value: string }>(await create({ label: 'all' }))).value;
    expect((await asKey(all, 'POST', `${API}/insights/`, { name: 'i', query: {} })).status).not.toBe(403);
    expect((await asKey(all, 'POST', `${API}/feature_flags/`, FLAG)).status).toBe(403);
    const id = await memberId('bob@example.com');
    await admin('PATCH', `${API}/members/${id}/`, { role: 'viewer' });
    // Demoted: the `*` key follows the role down at once.
    expect((await asKey(all, 'POST', `${API}/insights/`, { name: 'i', query: {} })).status).toBe(403);
    expect((await asKey(all, 'GET', `${API}/insights/`)).status).toBe(200);

    const soon = new Date(Date.now() + 1500).toISOString();
    const expiring = (
      await json<{ value: string; expires_at: string }>(await create({ label: 'short', expires_at: soon }))
    ).value;
    expect((await asKey(expiring, 'GET', `${API}/insights/`)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1600));
    expect((await asKey(expiring, 'GET', `${API}/insights/`)).status).toBe(401);
    expect((await create({ label: 'past', expires_at: '2020-01-01T00:00:00Z' })).status).toBe(400);
  });

  it('lists a member’s own keys with scopes and last use; admins see every key', async () => {
    const bob = await join('bob@example.com', 'viewer');
    const key = (
      await json<{ value: string }>(
        await bob.request('POST', '/api/personal_api_keys/', {
          body: { label: 'mine', scopes: ['query:read'] },
          csrf: true,
        }),
      )
    ).value;
    await asKey(key, 'GET', `${API}/events/`);
    const mine = await json<{ label: string; scopes: string[]; last_used_at: string | null }[]>(
      await bob.request('GET', '/api/personal_api_keys/'),
    );
    expect(mine.map((k) => k.label)).toEqual(['mine']);
    expect(mine[0]?.scopes).toEqual(['query:read']);
    expect(mine[0]?.last_used_at).not.toBeNull();
    const everyone = await json<{ label: string }[]>(await admin('GET', '/api/personal_api_keys/'));
    expect(everyone.map((k) => k.label).sort()).toEqual(['First admin key', 'mine'].sort());
  });
});

describe('passwords', () => {
  it('an admin’s reset link sets a new password once and ends the member’s sessions', async () => {
    const bob = await join('bob@example.com', 'viewer', 'old password 1');
    const id = await memberId('bob@example.com');
    const reset = await json<{ reset_url: string }>(
      await admin('POST', `${API}/members/${id}/password_reset/`),
    );
    const token = tokenOf(reset.reset_url);
    const web = browserish(sp.signpost);
    expect(
      (await web.request('POST', '/_auth/reset_password', { body: { token, password: 'new password 2' } }))
        .status,
    ).toBe(204);
    expect((await bob.request('GET', `${API}/insights/`)).status).toBe(401);
    expect((await web.signIn('bob@example.com', 'old password 1')).status).toBe(401);
    expect((await web.signIn('bob@example.com', 'new password 2')).status).toBe(200);
    const reused = await web.request('POST', '/_auth/reset_password', {
      body: { token, password: 'third password' },
    });
    expect(await json(reused)).toMatchObject({ code: 'RESET_LINK_INVALID' });
  });

  it('a member changes their own password with the current one; other sessions end, this one stays', async () => {
    const bob = await join('bob@example.com', 'viewer', 'first password');
    const other = browserish(sp.signpost);
    expect((await other.signIn('bob@example.com', 'first password')).status).toBe(200);
    const wrong = await bob.request('POST', '/_auth/change_password', {
      body: { current_password: 'nope nope', new_password: 'second password' },
      csrf: true,
    });
    expect(wrong.status).toBe(401);
    const ok = await bob.request('POST', '/_auth/change_password', {
      body: { current_password: 'first password', new_password: 'second password' },
      csrf: true,
    });
    expect(ok.status).toBe(204);
    expect((await bob.request('GET', `${API}/insights/`)).status).toBe(200);
    expect((await other.request('GET', `${API}/insights/`)).status).toBe(401);
    const noCsrf = await bob.request('POST', '/_auth/change_password', {
      body: { current_password: 'second password', new_password: 'third password' },
    });
    expect(noCsrf.status).toBe(403);
  });
});
