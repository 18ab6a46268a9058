import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sha1Hex } from './sha1.ts';

describe('pure SHA-1', () => {
  it('matches node:crypto on ASCII, multi-block and non-ASCII input', () => {
    const inputs = ['', 'abc', 'simple-flag.distinct_id_0', 'x'.repeat(55), 'y'.repeat(56), 'z'.repeat(200)];
    inputs.push('flag.ünïcødé-用户-😀', 'lone \ud800 surrogate');
    for (let i = 0; i < 200; i++) inputs.push(`flag-${i}.${'ab9'.repeat(i)}`);
    for (const text of inputs) {
      expect(sha1Hex(text), text).toBe(createHash('sha1').update(text, 'utf8').digest('hex'));
    }
  });
});
