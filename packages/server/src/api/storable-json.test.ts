import { describe, expect, it } from 'vitest';
import { MAX_STORED_DEPTH, unstorable } from './storable-json.ts';

const nested = (depth: number): unknown => {
  let value: unknown = 'leaf';
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
};

describe('unstorable', () => {
  it('accepts ordinary JSON, paired surrogates (emoji) included', () => {
    expect(unstorable({ name: '👩‍👩‍👧 ok', list: [1, null, true, { ключ: 'значение' }] })).toBeUndefined();
  });

  it('names the field holding an unpaired surrogate, high or low, in a value or a key', () => {
    expect(unstorable({ a: ['x', 'b\ud800'] })).toEqual({
      path: ['a', 1],
      message: 'contains an unpaired UTF-16 surrogate',
    });
    expect(unstorable({ a: '\udc00x' })?.path).toEqual(['a']);
    expect(unstorable({ a: { '\udfff': 1 } })?.path).toEqual(['a', '\udfff']);
  });

  it(`allows ${MAX_STORED_DEPTH} levels of nesting and refuses one more`, () => {
    expect(unstorable(nested(MAX_STORED_DEPTH))).toBeUndefined();
    expect(unstorable(nested(MAX_STORED_DEPTH + 1))?.message).toBe(
      `nests deeper than ${MAX_STORED_DEPTH} levels`,
    );
  });

  it('walks 100,000 levels without exhausting the stack', () => {
    expect(unstorable(JSON.parse(`${'['.repeat(100_000)}${']'.repeat(100_000)}`))).toBeDefined();
  });
});
