import { describe, expect, it } from 'vitest';
import { AppError } from '../errors/app-error.ts';
import { type Attempt, DEFAULT_SIGN_IN_GATE, SignInGate } from './sign-in-gate.ts';

const REFILL = DEFAULT_SIGN_IN_GATE.freshLane.refillMs;

function make() {
  let now = 1_000_000;
  const gate = new SignInGate({ ...DEFAULT_SIGN_IN_GATE, now: () => now });
  /** The seconds to wait when refused, or the admitted attempt. */
  const tryAdmit = (client: string, account = 'admin@x.io'): Attempt | number => {
    try {
      return gate.admit(client, account);
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'TOO_MANY_LOGIN_ATTEMPTS') throw error;
      return error.extra?.retry_after as number;
    }
  };
  const fail = (client: string, account?: string) => {
    const attempt = tryAdmit(client, account);
    if (typeof attempt !== 'number') attempt.finish(false);
    return attempt;
  };
  return { gate, tryAdmit, fail, advance: (ms: number) => (now += ms) };
}

describe('SignInGate', () => {
  it('admits only a couple of checks of one account at once, from any mix of addresses', () => {
    const { tryAdmit } = make();
    const burst = Array.from({ length: 100 }, (_, i) => tryAdmit(`198.51.100.${i}`));
    const admitted = burst.filter((a) => typeof a !== 'number');
    expect(admitted).toHaveLength(DEFAULT_SIGN_IN_GATE.maxInFlight);
    expect(burst.filter((a) => a === 1)).toHaveLength(100 - DEFAULT_SIGN_IN_GATE.maxInFlight);
    for (const a of admitted) if (typeof a !== 'number') a.finish(false);
    expect(typeof tryAdmit('198.51.100.200')).toBe('object');
  });

  it('locks one address out of one account after four attempts in a row, for fifteen minutes', () => {
    const { tryAdmit, fail, advance } = make();
    for (let i = 0; i < 4; i++) expect(typeof fail('203.0.113.9')).toBe('object');
    expect(tryAdmit('203.0.113.9')).toBe(15 * 60);
    expect(typeof fail('203.0.113.9', 'someone-else@x.io')).toBe('object');
    expect(typeof tryAdmit('203.0.113.10')).toBe('object');
    advance(15 * 60 * 1000);
    expect(typeof tryAdmit('203.0.113.9')).toBe('object');
  });

  it('stops one address cycling through many accounts', () => {
    const { tryAdmit, fail } = make();
    for (let i = 0; i < 20; i++) expect(typeof fail('203.0.113.9', `user${i}@x.io`)).toBe('object');
    expect(tryAdmit('203.0.113.9', 'user99@x.io')).toBeGreaterThan(0);
  });

  it('counts an IPv6 /64 as one address', () => {
    const { tryAdmit, fail } = make();
    for (let i = 0; i < 4; i++) fail(`2001:db8:0:1::${i + 1}`);
    expect(typeof tryAdmit('2001:db8:0:1::99')).toBe('number');
    expect(typeof tryAdmit('2001:db8:0:2::1')).toBe('object');
  });

  it('caps the rate of clean addresses, and admits the next one as soon as a token is earned', () => {
    const { tryAdmit, fail, advance } = make();
    for (let i = 0; i < 10; i++) expect(typeof fail(`198.51.100.${i}`)).toBe('object');
    expect(tryAdmit('192.0.2.1')).toBe(REFILL / 1000);
    advance(REFILL);
    const admin = tryAdmit('192.0.2.1');
    expect(typeof admin).toBe('object');
  });

  it('keeps addresses caught failing from starving clean ones, and never blocks a trusted address', () => {
    const { tryAdmit, fail, advance } = make();
    const trusted = tryAdmit('192.0.2.1');
    if (typeof trusted === 'number') throw new Error('refused');
    trusted.finish(true);
    advance(REFILL);
    // Five addresses guess once each (clean lane), then keep guessing (failing lane) until that lane is dry.
    for (let i = 0; i < 5; i++) expect(typeof fail(`198.51.100.${i}`)).toBe('object');
    for (let i = 0; i < 10; i++) expect(typeof fail(`198.51.100.${i % 5}`)).toBe('object');
    expect(fail('198.51.100.0')).toBe(REFILL / 1000);
    // The clean lane still has five tokens for addresses never seen failing; then it too runs dry.
    for (let i = 0; i < 5; i++) expect(typeof fail(`203.0.113.${i}`)).toBe('object');
    expect(typeof tryAdmit('203.0.113.50')).toBe('number');
    // The admin's usual address signed in before, so strangers' guesses do not hold it up.
    expect(typeof tryAdmit('192.0.2.1')).toBe('object');
  });

  it('puts no lock on the account itself: after hours of guesses from everywhere, a clean address gets in once the rate allows', () => {
    const { tryAdmit, fail, advance } = make();
    for (let minute = 0; minute < 180; minute++) {
      for (let i = 0; i < 30; i++) fail(`10.${minute}.${i}.1`);
      advance(60_000);
    }
    expect(typeof tryAdmit('192.0.2.77')).toBe('object');
  });
});
