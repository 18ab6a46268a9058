import { describe, expect, it } from 'vitest';
import { fromFilterValue, inferValueType, OPERATORS, toFilterValue, valueProblem } from './operators.ts';

describe('property filter operators', () => {
  it('offer only operators that fit the kind of value', () => {
    expect(OPERATORS.number.map((o) => o.id)).toContain('gt');
    expect(OPERATORS.string.map((o) => o.id)).not.toContain('gt');
    expect(OPERATORS.boolean.map((o) => o.id)).toEqual(['exact', 'is_not', 'is_set', 'is_not_set']);
    expect(OPERATORS.date.map((o) => o.id)).toContain('is_date_before');
  });

  it('turn form text into engine values and back', () => {
    expect(toFilterValue('exact', 'string', 'docker, native ')).toEqual(['docker', 'native']);
    expect(toFilterValue('exact', 'number', '1,2')).toEqual([1, 2]);
    expect(toFilterValue('gt', 'number', '10')).toBe(10);
    expect(toFilterValue('is_set', 'string', 'ignored')).toBe('is_set');
    expect(fromFilterValue('exact', ['docker', 'native'])).toBe('docker, native');
    expect(fromFilterValue('is_not_set', 'is_not_set')).toBe('');
  });

  it('recognise what a stored filter was written for', () => {
    expect(inferValueType('exact', ['true'])).toBe('boolean');
    expect(inferValueType('lte', 3)).toBe('number');
    expect(inferValueType('semver_gte', '3.0.0')).toBe('version');
    expect(inferValueType('icontains', '@acme.com')).toBe('string');
  });

  it('explain unusable values', () => {
    expect(valueProblem('exact', 'string', ' ')).toBe('Enter a value.');
    expect(valueProblem('gt', 'number', 'ten')).toBe('Enter a number.');
    expect(valueProblem('exact', 'boolean', 'yes')).toBe('Choose true or false.');
    expect(valueProblem('regex', 'string', '(')).toMatch(/regular expression/);
    expect(valueProblem('is_set', 'number', '')).toBeNull();
    expect(valueProblem('exact', 'number', '1, 2')).toBeNull();
  });
});
