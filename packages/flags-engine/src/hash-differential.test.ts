import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { evaluate } from './evaluate.ts';
import { flagHash, hashText, holdoutHash, keyedHash, useNodeCryptoForEveryKey } from './hash.ts';
import { hashKey } from './hash-key.ts';
import { sha1Hex } from './sha1.ts';
import type { Definitions, FlagDefinition } from './types.ts';

// PostHog's reference form: the first 15 hex digits of node:crypto's SHA-1, parsed, over 0xFFFFFFFFFFFFFFF.
const LONG_SCALE = Number.parseInt('f'.repeat(15), 16);
const reference = (text: string) =>
  Number.parseInt(createHash('sha1').update(text, 'utf8').digest('hex').slice(0, 15), 16) / LONG_SCALE;

/** mulberry32, seeded, so a failure names a key that reproduces. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Code unit pools: ASCII (incl. controls and DEL), 2- and 3-byte UTF-8, astral pairs, lone surrogates.
const POOLS: Array<(r: () => number) => string> = [
  (r) => String.fromCharCode(Math.floor(r() * 0x80)),
  (r) => String.fromCharCode(0x80 + Math.floor(r() * 0x780)),
  (r) => String.fromCharCode(0x800 + Math.floor(r() * 0xd000)),
  (r) => String.fromCodePoint(0x10000 + Math.floor(r() * 0xfffff)),
  (r) => String.fromCharCode(0xd800 + Math.floor(r() * 0x800)),
];

/** Mostly ASCII keys near the one-block limit (55 bytes), plus non-ASCII and multi-block ones. */
function randomKey(r: () => number): string {
  const shape = r();
  const length =
    shape < 0.5 ? 40 + Math.floor(r() * 24) : shape < 0.8 ? Math.floor(r() * 40) : Math.floor(r() * 400);
  const nonAscii = r() < 0.3 ? r() * 0.3 : 0;
  let key = '';
  for (let i = 0; i < length; i++) {
    const pool = r() < nonAscii ? POOLS[1 + Math.floor(r() * 4)]! : POOLS[0]!;
    key += pool(r);
  }
  return key;
}

const PREFIXES = ['flag-a.', '', 'ñandú-flag.', `${'k'.repeat(49)}.`, 'a-rather-long-release-flag-key.'];
const TAILS = ['', 'variant', 'ü'];
const KEYS = PREFIXES.flatMap((prefix) => TAILS.map((tail) => hashKey(prefix, tail)));

describe('bucketing hash vs node:crypto (randomized)', () => {
  afterEach(() => useNodeCryptoForEveryKey(false));

  it('agrees bit for bit on 100,000 keys: ASCII, non-ASCII, one block and several', () => {
    const r = prng(0x5ee0);
    const mismatches: string[] = [];
    for (let i = 0; i < 100_000; i++) {
      const value = randomKey(r);
      const key = KEYS[i % KEYS.length]!;
      const text = `${key.prefix}${value}${key.tail}`;
      const expected = reference(text);
      if (keyedHash(key, value) !== expected || hashText(text) !== expected) mismatches.push(text);
      if (i % 10 === 0 && holdoutHash(value) !== reference(`holdout-${value}`)) mismatches.push(value);
    }
    expect(mismatches.slice(0, 3).map((text) => JSON.stringify(text))).toEqual([]);
  });

  it('keeps flagHash (public) equal to the reference, with 0 for an empty identifier', () => {
    const r = prng(7);
    for (let i = 0; i < 5_000; i++) {
      const id = randomKey(r);
      const expected = id === '' ? 0 : reference(`flag-b.${id}variant`);
      expect(flagHash('flag-b', id, 'variant')).toBe(expected);
    }
  });

  it('gives the same answers when every key goes through createHash', () => {
    const r = prng(11);
    const values = Array.from({ length: 2_000 }, () => randomKey(r));
    const pure = values.map((v, i) => keyedHash(KEYS[i % KEYS.length]!, v));
    useNodeCryptoForEveryKey(true);
    expect(values.map((v, i) => keyedHash(KEYS[i % KEYS.length]!, v))).toEqual(pure);
  });

  it('has a general pure SHA-1 (browsers, long keys) equal to node:crypto', () => {
    const r = prng(13);
    for (let i = 0; i < 3_000; i++) {
      const text = randomKey(r);
      expect(sha1Hex(text)).toBe(createHash('sha1').update(text, 'utf8').digest('hex'));
    }
  });
});

describe('evaluate buckets like the reference formula', () => {
  const flag: FlagDefinition = {
    key: 'checkout-v2',
    active: true,
    filters: {
      groups: [{ properties: [], rollout_percentage: 37 }],
      multivariate: {
        variants: [
          { key: 'control', rollout_percentage: 50 },
          { key: 'blue', rollout_percentage: 30 },
          { key: 'green', rollout_percentage: 20 },
        ],
      },
    },
  };
  const definitions: Definitions = { flags: [flag] };

  function expected(id: string): string | false {
    if (reference(`checkout-v2.${id}`) > 0.37) return false;
    const hash = reference(`checkout-v2.${id}variant`);
    return hash < 0.5 ? 'control' : hash < 0.5 + 0.3 ? 'blue' : 'green';
  }

  it('matches rollout and variant for 20,000 random distinct ids', () => {
    const r = prng(17);
    for (let i = 0; i < 20_000; i++) {
      const id = randomKey(r) || 'x';
      const result = evaluate(flag, definitions, { distinctId: id, now: new Date(0), mode: 'server' });
      expect(result.inconclusive ? 'inconclusive' : result.value, id).toBe(expected(id));
    }
  });
});
