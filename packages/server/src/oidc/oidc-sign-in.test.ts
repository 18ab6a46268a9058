import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserish } from '../auth/auth-test-client.ts';
import { type InProcess, inProcess } from '../testing/in-process.ts';
import {
  startProviderProcess,
  TEST_OIDC_CLIENT,
  type TestIdentity,
  type TestProviderProcess,
} from '../testing/oidc-provider-process.ts';
import { signInThroughProvider } from '../testing/oidc-sign-in-flow.ts';
import { TEST_PERSONAL_KEY } from '../testing/test-server.ts';

// Single sign-on end to end against oidc-provider running in its own process on loopback: Signpost (on
// DuckDB, in process) discovers it, redirects to it, and checks what it sends back over real HTTP.

const PUBLIC_URL = 'http://signpost.test';
const ADMIN = { email: 'ops@acme.test', password: 'break glass 12345' };

const person = (name: string, groups: string[], more: Partial<TestIdentity> = {}): TestIdentity => ({
  sub: `sub-${name}`,
  email: `${name}@acme.test`,
  email_verified: true,
  name: `${name[0]?.toUpperCase()}${name.slice(1)}`,
  groups,
  ...more,
});

let provider: TestProviderProcess;
let other: TestProviderProcess;
let server: InProcess;

const ssoEnv = (issuer: string, more: Record<string, string> = {}) => ({
  SIGNPOST_PUBLIC_URL: PUBLIC_URL,
  SIGNPOST_OIDC_ISSUER: issuer,
  SIGNPOST_OIDC_CLIENT_ID: TEST_OIDC_CLIENT.clientId,
  SIGNPOST_OIDC_CLIENT_SECRET: TEST_OIDC_CLIENT.clientSecret,
  SIGNPOST_OIDC_SCOPES: 'openid email profile groups',
  SIGNPOST_OIDC_ALLOWED_DOMAINS: 'acme.test',
  SIGNPOST_OIDC_ROLE_CLAIM: 'groups',
  SIGNPOST_OIDC_ROLE_MAP: 'signpost-admins=admin, eng=flag_editor, readers=viewer',
  SIGNPOST_ADMIN_EMAIL: ADMIN.email,
  SIGNPOST_ADMIN_PASSWORD: ADMIN.password,
  ...more,
});

interface MemberRow {
  id: string;
  user: { email: string; first_name: string };
  role: string;
  status: string;
}

const members = async (target = server) =>
  (await target.api<{ results: MemberRow[] }>('/api/projects/@current/members')).results;
const memberOf = async (email: string) => (await members()).find((m) => m.user.email === email);

async function sessionFor(cookie: string | undefined) {
  const r = await server.signpost.app.request(`${PUBLIC_URL}/_auth/session`, {
    headers: cookie ? { cookie: `signpost_session=${cookie}` } : {},
  });
  return (await r.json()) as { authenticated: boolean; user?: { email: string }; sso_enabled: boolean };
}

async function signIn(identity: TestIdentity, tamper = {}) {
  await provider.signInAs(identity);
  return signInThroughProvider(server.signpost.app, PUBLIC_URL, tamper);
}

/** A refusal: back to the sign-in page with the code, no session, and the member list as it was. */
async function expectRefused(
  run: () => Promise<{ error?: string; session?: string; location: string }>,
  code: string,
) {
  const before = await members();
  const outcome = await run();
  expect(outcome.location).toBe(`${PUBLIC_URL}/?sso_error=${code}`);
  expect(outcome.error).toBe(code);
  expect(outcome.session).toBeUndefined();
  expect(await members()).toEqual(before);
}

beforeAll(async () => {
  const redirectUri = `${PUBLIC_URL}/_auth/oidc/callback`;
  [provider, other] = await Promise.all([
    startProviderProcess(redirectUri),
    startProviderProcess(redirectUri),
  ]);
  server = await inProcess('duckdb', ssoEnv(provider.issuer));
}, 60_000);

afterAll(async () => {
  await server?.stop();
  await Promise.all([provider?.stop(), other?.stop()]);
});

describe('single sign-on with OpenID Connect', () => {
  it('tells the sign-in page that SSO is on and passwords are allowed', async () => {
    const r = await server.signpost.app.request('/_auth/session');
    expect(await r.json()).toEqual({
      authenticated: false,
      setup_required: false,
      sso_enabled: true,
      password_sign_in: true,
    });
  });

  it('creates a member just in time with the role their group maps to, and signs them in', async () => {
    expect(await memberOf('alice@acme.test')).toBeUndefined();
    const outcome = await signIn(person('alice', ['eng', 'unmapped']));
    expect(outcome).toMatchObject({ status: 303, location: `${PUBLIC_URL}/`, error: undefined });
    expect(await sessionFor(outcome.session)).toMatchObject({
      authenticated: true,
      user: { email: 'alice@acme.test' },
    });
    expect(await memberOf('alice@acme.test')).toMatchObject({
      role: 'flag_editor',
      status: 'active',
      user: { first_name: 'Alice' },
    });
  });

  it('applies a changed group at the next sign-in, up and down', async () => {
    await signIn(person('carol', ['readers']));
    expect((await memberOf('carol@acme.test'))?.role).toBe('viewer');
    const promoted = await signIn(person('carol', ['readers', 'signpost-admins']));
    expect(promoted.error).toBeUndefined();
    expect((await memberOf('carol@acme.test'))?.role).toBe('admin');
    await signIn(person('carol', ['eng']));
    expect((await memberOf('carol@acme.test'))?.role).toBe('flag_editor');
    expect((await members()).filter((m) => m.user.email === 'carol@acme.test')).toHaveLength(1);
  });

  it('refuses a member with no mapped group when there is no default role', async () => {
    await expectRefused(() => signIn(person('dave', ['sales'])), 'SSO_NO_ROLE');
  });

  it('refuses a deactivated member, whose earlier sessions stopped working too', async () => {
    const first = await signIn(person('bob', ['eng']));
    const bob = await memberOf('bob@acme.test');
    if (!bob) throw new Error('bob was not created');
    const r = await server.signpost.app.request(`/api/projects/@current/members/${bob.id}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${TEST_PERSONAL_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ status: 'deactivated' }),
    });
    expect(r.status).toBe(200);
    expect((await sessionFor(first.session)).authenticated).toBe(false);
    await expectRefused(() => signIn(person('bob', ['eng'])), 'MEMBER_DEACTIVATED');
  });

  it('refuses a tampered state, and a callback reaching another browser', async () => {
    await expectRefused(
      () =>
        signIn(person('erin', ['eng']), {
          callback: (url: URL) => {
            url.searchParams.set('state', `${url.searchParams.get('state')}x`);
            return url;
          },
        }),
      'SSO_STATE_INVALID',
    );
    await expectRefused(
      () => signIn(person('erin', ['eng']), { dropLoginCookie: true }),
      'SSO_STATE_INVALID',
    );
  });

  it('refuses an ID token whose nonce was tampered with or left out', async () => {
    await expectRefused(
      () =>
        signIn(person('frank', ['eng']), {
          authorization: (url: URL) => {
            url.searchParams.set('nonce', 'chosen-by-an-attacker');
            return url;
          },
        }),
      'SSO_NONCE_INVALID',
    );
    await expectRefused(
      () =>
        signIn(person('frank', ['eng']), {
          authorization: (url: URL) => {
            url.searchParams.delete('nonce');
            return url;
          },
        }),
      'SSO_NONCE_INVALID',
    );
  });

  it('refuses an answer from another issuer (a mix-up), and a forged iss parameter', async () => {
    await other.signInAs(person('grace', ['signpost-admins']));
    await expectRefused(
      () =>
        signInThroughProvider(server.signpost.app, PUBLIC_URL, {
          authorization: (url: URL) => new URL(`${url.pathname}${url.search}`, other.issuer),
        }),
      'SSO_ISSUER_INVALID',
    );
    await expectRefused(
      () =>
        signIn(person('grace', ['signpost-admins']), {
          callback: (url: URL) => {
            url.searchParams.set('iss', other.issuer);
            return url;
          },
        }),
      'SSO_ISSUER_INVALID',
    );
  });

  it('refuses an address outside the allowed domains, and one the provider has not verified', async () => {
    await expectRefused(
      () => signIn(person('mallory', ['signpost-admins'], { email: 'mallory@evil.test' })),
      'SSO_DOMAIN_NOT_ALLOWED',
    );
    await expectRefused(
      () => signIn(person('ivan', ['signpost-admins'], { email_verified: false })),
      'SSO_EMAIL_UNVERIFIED',
    );
  });

  it('refuses a callback whose code was already used', async () => {
    let replay: URL | undefined;
    const first = await signIn(person('judy', ['eng']), {
      callback: (url: URL) => {
        replay = new URL(url);
        return url;
      },
    });
    expect(first.error).toBeUndefined();
    if (!replay) throw new Error('no callback seen');
    const again = await server.signpost.app.request(replay.href);
    expect(again.headers.get('location')).toBe(`${PUBLIC_URL}/?sso_error=SSO_STATE_INVALID`);
  });
});

describe('SSO only', () => {
  let only: InProcess;
  beforeAll(async () => {
    only = await inProcess('duckdb', ssoEnv(provider.issuer, { SIGNPOST_OIDC_ONLY: 'true' }));
  });
  afterAll(() => only?.stop());

  it('refuses password sign-in for members, keeps the break-glass admin, and still signs in through SSO', async () => {
    const session = await (await only.signpost.app.request('/_auth/session')).json();
    expect(session).toMatchObject({ sso_enabled: true, password_sign_in: false });

    // A member with a password (from an invitation) can no longer use it.
    const invite = await only.signpost.app.request('/api/projects/@current/invites', {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_PERSONAL_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'pat@acme.test', role: 'viewer' }),
    });
    const token = new URL(((await invite.json()) as { invite_url: string }).invite_url).hash.slice(7);
    const accepted = await browserish(only.signpost).request('POST', '/_auth/accept_invite', {
      body: { token, password: 'pat password 123' },
    });
    expect(accepted.status).toBe(201);
    const pat = await browserish(only.signpost).signIn('pat@acme.test', 'pat password 123');
    expect(pat.status).toBe(403);
    expect(pat.headers.get('set-cookie')).toBeNull();
    expect(((await pat.json()) as { code: string }).code).toBe('PASSWORD_SIGN_IN_DISABLED');
    // A wrong password is still only a wrong password (the answer does not single out the exception).
    const wrong = await browserish(only.signpost).signIn('pat@acme.test', 'not it at all');
    expect(wrong.status).toBe(401);

    const admin = await browserish(only.signpost).signIn(ADMIN.email, ADMIN.password);
    expect(admin.status).toBe(200);

    await provider.signInAs(person('kim', ['eng']));
    const sso = await signInThroughProvider(only.signpost.app, PUBLIC_URL);
    expect(sso.error).toBeUndefined();
    expect(sso.session).toBeDefined();
  });
});

describe('an unreachable issuer', () => {
  it('starts Signpost with SSO shown but answering SSO_UNAVAILABLE until the provider answers', async () => {
    // A port nothing listens on: the provider process we stopped.
    const gone = await startProviderProcess(`${PUBLIC_URL}/_auth/oidc/callback`);
    await gone.stop();
    const down = await inProcess('memory', ssoEnv(gone.issuer));
    try {
      const session = await (await down.signpost.app.request('/_auth/session')).json();
      expect(session).toMatchObject({ sso_enabled: true, password_sign_in: true });
      const login = await down.signpost.app.request(`${PUBLIC_URL}/_auth/oidc/login`);
      expect(login.status).toBe(303);
      expect(login.headers.get('location')).toBe(`${PUBLIC_URL}/?sso_error=SSO_UNAVAILABLE`);
      expect(login.headers.get('set-cookie')).toBeNull();
      expect(await down.api('/_health')).toEqual({ status: 'ok' });
    } finally {
      await down.stop();
    }
  }, 30_000);
});

describe('without SSO configured', () => {
  it('hides the button and sends a stray login back with SSO_NOT_CONFIGURED', async () => {
    const plain = await inProcess('memory');
    try {
      const session = await (await plain.signpost.app.request('/_auth/session')).json();
      expect(session).toMatchObject({ sso_enabled: false, password_sign_in: true });
      const login = await plain.signpost.app.request('/_auth/oidc/login');
      expect(login.headers.get('location')).toBe('/?sso_error=SSO_NOT_CONFIGURED');
    } finally {
      await plain.stop();
    }
  });
});
