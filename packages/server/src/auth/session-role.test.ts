import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type InProcess, inProcess } from '../testing/in-process.ts';
import { TEST_PERSONAL_KEY } from '../testing/test-server.ts';
import { browserish } from './auth-test-client.ts';

// The web app decides which controls to offer from GET /_auth/session: it must carry the member's current role
// and the scopes that role grants, and follow a role change without a new sign-in.

const ADMIN = { SIGNPOST_ADMIN_EMAIL: 'admin@example.com', SIGNPOST_ADMIN_PASSWORD: 'hunter2hunter2' };
const API = '/api/projects/@current';

interface SessionJson {
  authenticated: boolean;
  role: string | null;
  scopes: string[];
}

let sp: InProcess;
beforeEach(async () => {
  sp = await inProcess('memory', ADMIN);
});
afterEach(async () => {
  await sp.stop();
});

const asAdminKey = (method: string, path: string, body: unknown) =>
  sp.signpost.app.request(path, {
    method,
    headers: { authorization: `Bearer ${TEST_PERSONAL_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('GET /_auth/session', () => {
  it('tells the admin their role and that it grants everything', async () => {
    const web = browserish(sp.signpost);
    expect((await web.signIn('admin@example.com', 'hunter2hunter2')).status).toBe(200);
    const session = (await (await web.request('GET', '/_auth/session')).json()) as SessionJson;
    expect(session.role).toBe('admin');
    expect(session.scopes).toContain('*');
    expect(session.scopes).toContain('organization_member:write');
  });

  it('gives a viewer read scopes only, and a promotion shows on the next session read', async () => {
    const invite = await asAdminKey('POST', `${API}/invites/`, { email: 'vic@example.com', role: 'viewer' });
    const { invite_url } = (await invite.json()) as { invite_url: string };
    const web = browserish(sp.signpost);
    const token = new URL(invite_url).hash.replace('#token=', '');
    const accepted = await web.request('POST', '/_auth/accept_invite', {
      body: { token, password: 'correct horse battery', name: 'Vic' },
    });
    expect(accepted.status).toBe(201);
    const before = (await (await web.request('GET', '/_auth/session')).json()) as SessionJson;
    expect(before.role).toBe('viewer');
    expect(before.scopes).toContain('feature_flag:read');
    expect(before.scopes).not.toContain('feature_flag:write');
    expect(before.scopes).not.toContain('*');
    expect(before.scopes.filter((s) => s.endsWith(':write'))).toEqual(['personal_api_key:write']);

    const members = (await (
      await sp.signpost.app.request(`${API}/members/`, {
        headers: { authorization: `Bearer ${TEST_PERSONAL_KEY}` },
      })
    ).json()) as { results: { id: string; user: { email: string } }[] };
    const vic = members.results.find((m) => m.user.email === 'vic@example.com');
    expect((await asAdminKey('PATCH', `${API}/members/${vic?.id}`, { role: 'flag_editor' })).status).toBe(
      200,
    );
    const after = (await (await web.request('GET', '/_auth/session')).json()) as SessionJson;
    expect(after.role).toBe('flag_editor');
    expect(after.scopes).toContain('feature_flag:write');
    expect(after.scopes).not.toContain('organization_member:write');
  });
});
