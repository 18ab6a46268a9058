import { describe, expect, it } from 'vitest';
import { silentLogger } from '../util/logger.ts';
import { AuthService } from './auth-service.ts';
import { FakeAuthStore } from './fake-auth-store.ts';

const DAY = 24 * 60 * 60 * 1000;

describe('AuthService', () => {
  const make = (store = new FakeAuthStore()) => {
    let now = Date.parse('2026-01-01T00:00:00Z');
    const auth = new AuthService({ store, logger: silentLogger, now: () => new Date(now) });
    return { auth, store, clock: () => new Date(now), advance: (ms: number) => (now += ms) };
  };

  it('lets exactly one of two simultaneous setups through', async () => {
    const { auth } = make();
    await auth.start({ email: undefined, password: undefined, projectId: 1 });
    const setup = (email: string, client: string) =>
      auth.setup({ email, password: 'long enough', projectId: 1, client, provesOperator: () => true });
    const results = await Promise.allSettled([setup('a@x.io', '10.0.0.1'), setup('b@x.io', '10.0.0.2')]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(auth.needsSetup()).toBe(false);
  });

  it('ends sessions after two weeks, and at logout, and keeps them across a restart', async () => {
    const { auth, store, clock, advance } = make();
    await auth.start({ email: 'a@x.io', password: 'long enough', projectId: 1 });
    const grant = await auth.login('a@x.io', 'long enough', '10.0.0.1');
    expect(auth.session(grant.token)?.user.email).toBe('a@x.io');
    expect(auth.session(`${grant.token}x`)).toBeUndefined();

    const restarted = new AuthService({ store, logger: silentLogger, now: clock });
    await restarted.start({ email: undefined, password: undefined, projectId: 1 });
    expect(restarted.session(grant.token)?.user.email).toBe('a@x.io');
    expect(JSON.stringify(await store.listSessions())).not.toContain(grant.token);

    advance(14 * DAY);
    expect(auth.session(grant.token)).toBeUndefined();
    const second = await auth.login('a@x.io', 'long enough', '10.0.0.1');
    await auth.logout(second.token);
    expect(auth.session(second.token)).toBeUndefined();
    expect(await store.listSessions()).toHaveLength(1);
  });

  it('gives every session its own CSRF token', async () => {
    const { auth } = make();
    await auth.start({ email: 'a@x.io', password: 'long enough', projectId: 1 });
    const one = await auth.login('a@x.io', 'long enough', 'x');
    const two = await auth.login('a@x.io', 'long enough', 'x');
    expect(one.session.csrfToken).not.toBe(two.session.csrfToken);
    expect(one.session.csrfToken.length).toBeGreaterThanOrEqual(32);
  });
});
