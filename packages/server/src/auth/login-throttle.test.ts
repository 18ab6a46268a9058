import { describe, expect, it } from 'vitest';
import { LoginThrottle } from './login-throttle.ts';

describe('LoginThrottle', () => {
  const make = () => {
    let now = 1_000_000;
    const throttle = new LoginThrottle({ maxFailures: 4, lockMs: 60_000, now: () => now });
    return { throttle, advance: (ms: number) => (now += ms) };
  };

  it('locks a key after the allowed failures in a row, until the lock expires', () => {
    const { throttle, advance } = make();
    for (let i = 0; i < 4; i++) {
      expect(throttle.retryAfterMs('a')).toBe(0);
      throttle.recordFailure('a');
    }
    expect(throttle.retryAfterMs('a')).toBe(60_000);
    expect(throttle.retryAfterMs('b')).toBe(0);
    advance(59_999);
    expect(throttle.retryAfterMs('a')).toBe(1);
    advance(1);
    expect(throttle.retryAfterMs('a')).toBe(0);
    throttle.recordFailure('a');
    expect(throttle.retryAfterMs('a')).toBe(0);
  });

  it('forgets failures after a success', () => {
    const { throttle } = make();
    for (let i = 0; i < 3; i++) throttle.recordFailure('a');
    throttle.reset('a');
    throttle.recordFailure('a');
    expect(throttle.retryAfterMs('a')).toBe(0);
  });

  it('applies a per-call bar, so one key can be held to a higher limit', () => {
    const { throttle } = make();
    for (let i = 0; i < 5; i++) throttle.recordFailure('email');
    expect(throttle.retryAfterMs('email', 20)).toBe(0);
    expect(throttle.retryAfterMs('email')).toBeGreaterThan(0);
  });
});
