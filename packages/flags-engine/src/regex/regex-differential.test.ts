import { describe, expect, it } from 'vitest';
import { compileLinearRegex } from './linear-regex.ts';

// Differential test against V8's RegExp over generated patterns in the shared subset. Each generated
// pattern is written twice: in Rust syntax for the engine, and as a JavaScript pattern with the same
// meaning for the oracle (Rust's `\d`/`\w`/`\s`/`\b` are Unicode-aware and its `.` only excludes `\n`, so
// those are spelled out with `\p{…}` and look-around in the oracle).

/** A small seeded PRNG (mulberry32), so a failure replays. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const JS_WORD = '[\\p{Alphabetic}\\p{M}\\p{Nd}\\p{Pc}\\p{Join_Control}]';
const JS_NOT_WORD = '[^\\p{Alphabetic}\\p{M}\\p{Nd}\\p{Pc}\\p{Join_Control}]';
const JS_BOUNDARY = `(?:(?<=${JS_WORD})(?!${JS_WORD})|(?<!${JS_WORD})(?=${JS_WORD}))`;
const JS_NOT_BOUNDARY = `(?:(?<=${JS_WORD})(?=${JS_WORD})|(?<!${JS_WORD})(?!${JS_WORD}))`;

// Atoms: [Rust, JavaScript].
const ATOMS: Array<[string, string]> = [
  ['a', 'a'],
  ['b', 'b'],
  ['c', 'c'],
  ['é', 'é'],
  ['\\.', '\\.'],
  ['-', '-'],
  ['.', '[^\\n]'],
  ['\\d', '\\p{Nd}'],
  ['\\D', '\\P{Nd}'],
  ['\\w', JS_WORD],
  ['\\W', JS_NOT_WORD],
  ['\\s', '\\p{White_Space}'],
  ['\\S', '\\P{White_Space}'],
  ['[a-c]', '[a-c]'],
  ['[^ab]', '[^ab]'],
  ['[a\\d]', '[a\\p{Nd}]'],
  ['[-b]', '[\\-b]'],
  ['[.]', '[.]'],
  ['\\x61', '\\x61'],
  ['\\u{e9}', '\\u{e9}'],
  ['\\n', '\\n'],
  ['^', '^'],
  ['$', '$'],
  ['\\b', JS_BOUNDARY],
  ['\\B', JS_NOT_BOUNDARY],
];
const QUANTIFIERS = ['*', '+', '?', '{2}', '{1,3}', '{0,}', '{2,}', '*?', '+?', '??', '{1,2}?'];
const ALPHABET = ['a', 'b', 'c', 'é', '1', '٣', ' ', '\n', '.', '-', '_', 'A', '!'];

function generate(next: () => number, depth: number): [string, string] {
  const pick = next();
  if (depth <= 0 || pick < 0.35) return ATOMS[Math.floor(next() * ATOMS.length)]!;
  if (pick < 0.55) {
    const [r, j] = generate(next, depth - 1);
    const q = QUANTIFIERS[Math.floor(next() * QUANTIFIERS.length)]!;
    // Quantifying an assertion is legal in Rust but not in JS: wrap it in a group for both.
    return [`(?:${r})${q}`, `(?:${j})${q}`];
  }
  if (pick < 0.8) {
    const parts = [generate(next, depth - 1), generate(next, depth - 1)];
    return [parts.map((p) => p[0]).join(''), parts.map((p) => p[1]).join('')];
  }
  if (pick < 0.92) {
    const [a, b] = [generate(next, depth - 1), generate(next, depth - 1)];
    return [`(${a[0]}|${b[0]})`, `(${a[1]}|${b[1]})`];
  }
  const [r, j] = generate(next, depth - 1);
  const name = `g${Math.floor(next() * 1e9)}`;
  return [next() < 0.5 ? `(?P<${name}>${r})` : `(?<${name}>${r})`, `(?:${j})`];
}

function text(next: () => number): string {
  const length = Math.floor(next() * 9);
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHABET[Math.floor(next() * ALPHABET.length)];
  return out;
}

describe('linear regex vs RegExp', () => {
  it('agrees on 1,500 generated patterns × 16 generated texts', () => {
    const next = random(20240615);
    const disagreements: string[] = [];
    for (let i = 0; i < 1500; i++) {
      const [rust, js] = generate(next, 4);
      const engine = compileLinearRegex(rust);
      if (!('test' in engine)) {
        disagreements.push(`refused ${rust}: ${engine.message}`);
        continue;
      }
      const oracle = new RegExp(js, 'u');
      for (let k = 0; k < 16; k++) {
        const t = text(next);
        if (engine.test(t) !== oracle.test(t))
          disagreements.push(`${rust} on ${JSON.stringify(t)}: oracle ${oracle.test(t)}`);
      }
    }
    expect(disagreements.slice(0, 10)).toEqual([]);
  });

  it('agrees case-insensitively on ASCII and Latin-1 letters', () => {
    const next = random(7);
    const disagreements: string[] = [];
    const letters = ['a', 'B', 'k', 'S', 'é', 'É', '[a-c]', '[^b]', '[A-Z]', '\\u{4B}'];
    for (let i = 0; i < 500; i++) {
      const pattern = Array.from(
        { length: 1 + Math.floor(next() * 4) },
        () => letters[Math.floor(next() * letters.length)]!,
      ).join('');
      const engine = compileLinearRegex(`(?i)${pattern}`);
      if (!('test' in engine)) throw new Error(`refused ${pattern}`);
      const oracle = new RegExp(pattern, 'iu');
      for (const t of ['abc', 'ABC', 'Kk\u212a', 'sSſ', 'éÉ', 'xyz', 'Bb', 'zK', 'É!', 'KS']) {
        if (engine.test(t) !== oracle.test(t)) disagreements.push(`(?i)${pattern} on ${t}`);
      }
    }
    expect(disagreements.slice(0, 10)).toEqual([]);
  });
});
