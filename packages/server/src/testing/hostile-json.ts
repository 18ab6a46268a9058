import fc from 'fast-check';

// Test support for the fuzz suite (src/fuzz/): JSON-ish values a hostile or broken client could send. Values are
// plain JS plus two wrappers, because JSON.stringify cannot express everything a socket can carry: `Raw` is
// text pasted as-is (NaN, 1e999, nesting deeper than any JS stack) and `Entries` is an object whose keys may
// repeat or be `__proto__` (an object literal would set the prototype instead of a key).

/** Text written into the JSON verbatim. */
export class Raw {
  constructor(readonly text: string) {}
  [fc.toStringMethod](): string {
    return `Raw(${shorten(this.text)})`;
  }
}

/** An object as its key/value pairs, in order, duplicates and prototype keys included. */
export class Entries {
  constructor(readonly pairs: [string, unknown][]) {}
  [fc.toStringMethod](): string {
    return `Entries(${shorten(jsonText(this))})`;
  }
}

/** Counterexamples are printed on failure; a 300 kB string would bury the seed. */
export const shorten = (text: string, max = 300): string =>
  text.length <= max ? JSON.stringify(text) : `${JSON.stringify(text.slice(0, max))}…(${text.length} chars)`;

/** JSON text of a value built from plain data, `Raw` and `Entries`; iterative nesting only via `Raw`. */
export function jsonText(value: unknown): string {
  if (value instanceof Raw) return value.text;
  if (value instanceof Entries)
    return `{${value.pairs.map(([k, v]) => `${JSON.stringify(k)}:${jsonText(v)}`).join(',')}}`;
  if (Array.isArray(value)) return `[${value.map(jsonText).join(',')}]`;
  if (value !== null && typeof value === 'object')
    return jsonText(new Entries(Object.entries(value as Record<string, unknown>)));
  // undefined has no JSON form; a client would have dropped it, so it becomes null.
  return JSON.stringify(value) ?? 'null';
}

/** `depth` levels of `{"k":…}` (or `[…]`) around a leaf, written as text so the test's own stack is safe. */
export const deepNesting = (depth: number, key = 'a', leaf = '1'): Raw =>
  new Raw(`${`{${JSON.stringify(key)}:`.repeat(depth)}${leaf}${'}'.repeat(depth)}`);
export const deepArray = (depth: number): Raw => new Raw(`${'['.repeat(depth)}${']'.repeat(depth)}`);

export const PROTOTYPE_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'valueOf',
  'hasOwnProperty',
  '__defineGetter__',
] as const;

const extremeNumber = fc.constantFrom(
  1e308,
  -1e308,
  1e300,
  -0,
  5e-324,
  Number.MAX_SAFE_INTEGER + 2,
  -(2 ** 63),
  2 ** 64,
  0.1,
  -1,
);
// Tokens JSON.parse refuses or reads as ±Infinity; Python clients really send the first three.
const numberToken = fc.constantFrom('NaN', 'Infinity', '-Infinity', '1e999', '-1e999', '-0', '1e-400');

export const hostileNumber: fc.Arbitrary<unknown> = fc.oneof(
  extremeNumber,
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  numberToken.map((t) => new Raw(t)),
);

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 40 }) },
  // Every code point, lone surrogates included: they survive JSON as \udXXX escapes.
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      ...PROTOTYPE_KEYS,
      '',
      ' ',
      '\u0000',
      '\ud800',
      '\udfff',
      '👩‍👩‍👧‍👦',
      '\u202e',
      "' OR 1=1 --",
      '"; DROP TABLE events; --',
      '%s%n',
      '$set',
      '1970-01-01',
      '-1',
      'NaN',
      'true',
      'null',
      '2024-02-30T25:61:61Z',
      '+275760-09-13T00:00:00.001Z',
    ),
  },
  { weight: 1, arbitrary: fc.integer({ min: 1_000, max: 300_000 }).map((n) => 'x'.repeat(n)) },
);

export const hostileKey: fc.Arbitrary<string> = fc.oneof(fc.constantFrom(...PROTOTYPE_KEYS), hostileString);

const scalar: fc.Arbitrary<unknown> = fc.oneof(
  hostileNumber,
  hostileString,
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
);

/** Any JSON-ish tree: small ones by composition, deep ones as text. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: scalar },
  {
    weight: 3,
    arbitrary: fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('array'), tie('object')),
      array: fc.array(tie('node'), { maxLength: 4 }),
      object: fc
        .array(fc.tuple(hostileKey, tie('node')), { maxLength: 4 })
        .map((pairs) => new Entries(pairs)),
    })).node,
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.integer({ min: 50, max: 20_000 }), fc.boolean())
      .map(([depth, array]) => (array ? deepArray(depth) : deepNesting(depth))),
  },
);
