import { describe, expect, it } from 'vitest';
import { lit } from './ts-literal.ts';

describe('lit', () => {
  it.each(['beta-features', `it's`, 'say "hi"', 'back\\slash', "\\'", '\\"', 'line\nbreak\u2028', ''])(
    'evaluates back to %j',
    (text) => {
      // The literal is evaluated as JavaScript: the round trip is the property that matters.
      expect(new Function(`return ${lit(text)};`)()).toBe(text);
      expect(lit(text).startsWith("'")).toBe(true);
    },
  );
});
