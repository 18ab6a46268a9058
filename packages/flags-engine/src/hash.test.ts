import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { flagHash, hashBackend, holdoutHash } from './hash.ts';

// The reference form from PostHog's SDKs: parse the first 15 hex digits, divide by 0xFFFFFFFFFFFFFFF
// (spelled as a string here so the literal's float rounding is explicit).
const LONG_SCALE = Number.parseInt('f'.repeat(15), 16);

function reference(text: string): number {
  return Number.parseInt(createHash('sha1').update(text).digest('hex').slice(0, 15), 16) / LONG_SCALE;
}

describe('flagHash', () => {
  it('uses node:crypto for keys past six blocks under Node', () => {
    expect(hashBackend).toBe('node:crypto');
  });

  it('is bit-identical to the hex/parseInt reference', () => {
    for (let i = 0; i < 2000; i++) {
      expect(flagHash('some-flag', `user_${i}`)).toBe(reference(`some-flag.user_${i}`));
      expect(flagHash('some-flag', `user_${i}`, 'variant')).toBe(reference(`some-flag.user_${i}variant`));
    }
  });

  it('gives an empty identifier the hash 0, like the flags service', () => {
    expect(flagHash('some-flag', '')).toBe(0);
  });

  it('hashes holdouts as "holdout-<id>"', () => {
    expect(holdoutHash('user-1')).toBe(reference('holdout-user-1'));
  });
});
