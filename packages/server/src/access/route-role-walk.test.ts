import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browserish, browserish } from '../auth/auth-test-client.ts';
import { type InProcess, inProcess } from '../testing/in-process.ts';
import { TEST_PERSONAL_KEY, TEST_PROJECT_KEY } from '../testing/test-server.ts';
import { ROLE_SCOPES, ROLES, type Role } from './roles.ts';
import { ROUTE_SCOPES } from './route-scopes.ts';
import { grants } from './scopes.ts';

// Every authenticated route × every role × (session, the member's own `*` key): allowed exactly when the role's
// scopes grant the route's scope. Allowed requests may still fail on their (empty) input, but never with 401/403.

interface Caller {
  session: Browserish;
  key: string;
}

let sp: InProcess;
const callers = new Map<Role, Caller>();

async function member(role: Role): Promise<Caller> {
  const admin = { authorization: `Bearer ${TEST_PERSONAL_KEY}`, 'content-type': 'application/json' };
  const invite = await sp.signpost.app.request('/api/projects/@current/invites/', {
    method: 'POST',
    headers: admin,
    body: JSON.stringify({ email: `${role}@example.com`, role }),
  });
  const token = new URL(((await invite.json()) as { invite_url: string }).invite_url).hash.slice(
    '#token='.length,
  );
  const session = browserish(sp.signpost);
  await session.request('POST', '/_auth/accept_invite', { body: { token, password: 'walk the routes' } });
  session.csrf = (
    (await (await session.request('GET', '/_auth/session')).json()) as { csrf_token: string }
  ).csrf_token;
  const created = await session.request('POST', '/api/personal_api_keys/', {
    body: { label: role },
    csrf: true,
  });
  return { session, key: ((await created.json()) as { value: string }).value };
}

beforeAll(async () => {
  sp = await inProcess('memory');
  for (const role of ROLES) callers.set(role, await member(role));
});
afterAll(async () => {
  await sp.stop();
});

const concrete = (path: string) =>
  path
    .replace(':projectId', '@current')
    .replace(':userId', 'no-such-user')
    .replace(/:[a-zA-Z]+/g, '999');

describe('route × role walk', () => {
  it.each(ROLES)('%s: sessions and keys get exactly what the role grants', async (role) => {
    const caller = callers.get(role) as Caller;
    const mismatches: string[] = [];
    for (const [method, path, scope] of ROUTE_SCOPES) {
      const url = concrete(path);
      const allowed = grants(ROLE_SCOPES[role], scope);
      const viaSession = await caller.session.request(method, url, { csrf: true });
      const viaKey = await sp.signpost.app.request(url, {
        method,
        headers: { authorization: `Bearer ${caller.key}` },
      });
      for (const [how, res] of [
        ['session', viaSession],
        ['key', viaKey],
      ] as const) {
        const denied =
          res.status === 403 && ((await res.clone().json()) as { code: string }).code === 'PERMISSION_DENIED';
        if (res.status === 401 || denied === allowed)
          mismatches.push(`${how} ${method} ${path} → ${res.status}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('anonymous callers get 401 and project keys 403 on every route of the table', async () => {
    for (const [method, path] of ROUTE_SCOPES) {
      const url = concrete(path);
      expect((await sp.signpost.app.request(url, { method })).status, `${method} ${path}`).toBe(401);
      const withProjectKey = await sp.signpost.app.request(url, {
        method,
        headers: { authorization: `Bearer ${TEST_PROJECT_KEY}` },
      });
      expect(withProjectKey.status, `${method} ${path}`).toBe(403);
    }
  });
});
