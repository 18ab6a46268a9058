import { describe, expect, it } from 'vitest';
import { constantNames, pascalCase } from './constant-names.ts';
import { inferPayloadType, unionOf } from './infer-payload-type.ts';

describe('inferPayloadType', () => {
  it.each([
    ['"dark"', 'string'],
    ['25', 'number'],
    ['true', 'boolean'],
    ['null', 'null'],
    ['not json', 'string'],
    ['[]', 'unknown[]'],
    ['{}', 'Record<string, never>'],
    ['[1, 2]', 'number[]'],
    ['[1, "a", 2]', 'Array<number | string>'],
    ['{"a-b": 1, "ok": [true]}', "{\n  'a-b': number;\n  ok: boolean[];\n}"],
    ['{"a": {"b": null}}', '{\n  a: {\n    b: null;\n  };\n}'],
  ])('types %s as %j', (payload, expected) => {
    expect(inferPayloadType(payload)).toBe(expected);
  });

  it('unions distinct shapes once, and nothing as never', () => {
    expect(unionOf(['string', 'number', 'string'])).toBe('string | number');
    expect(unionOf([])).toBe('never');
  });
});

describe('constantNames', () => {
  it('names keys in SCREAMING_SNAKE_CASE, unique and independent of input order', () => {
    const keys = ['new-timer-ui', 'betaFeatures', '2fa', 'a_b', 'a-b', '---'];
    const names = constantNames(keys);
    expect(Object.fromEntries(names)).toEqual({
      '---': 'FLAG',
      '2fa': 'FLAG_2FA',
      'a-b': 'A_B',
      a_b: 'A_B_2',
      betaFeatures: 'BETA_FEATURES',
      'new-timer-ui': 'NEW_TIMER_UI',
    });
    expect(constantNames([...keys].reverse())).toEqual(names);
    expect(pascalCase('TIMER_UI_EXPERIMENT')).toBe('TimerUiExperiment');
  });
});
