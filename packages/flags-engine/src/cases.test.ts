import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluate } from './evaluate.ts';
import { evaluateAll } from './evaluate-all.ts';
import type { Definitions, EvaluationContext, EvaluationResult, FlagDefinition } from './types.ts';

// Replays cases/*.json, the engine's spec. The format is documented in cases/README.md.

type JsonContext = Omit<EvaluationContext, 'now' | 'mode' | 'cohortMembership'> & {
  now: string;
  mode?: EvaluationContext['mode'];
  cohortMembership?: Record<string, boolean>;
};

interface Expectation {
  absent?: boolean;
  inconclusive?: boolean;
  code?: string;
  value?: boolean | string;
  variant?: string | null;
  payload?: unknown;
  payloadRaw?: string;
  reason?: { code: string; conditionIndex: number | null; description?: string };
}

interface CaseFile {
  version: number;
  description: string;
  context?: JsonContext;
  cases?: Array<{
    name: string;
    definitions: Definitions;
    context: JsonContext;
    expected: Record<string, Expectation>;
  }>;
  sequences?: Array<{
    name: string;
    flag: string;
    definitions: Definitions;
    context: JsonContext;
    distinctIds: { prefix: string; from: number; count: number };
    values: Array<boolean | string>;
  }>;
  tables?: Array<{
    name: string;
    rows: Array<{
      operator: string;
      value: unknown;
      property?: unknown;
      server: boolean;
      local: boolean | string;
    }>;
  }>;
}

const casesDir = new URL('../cases/', import.meta.url);
const files = readdirSync(casesDir).filter((name) => name.endsWith('.json'));

function toContext(json: JsonContext, overrides: Partial<EvaluationContext> = {}): EvaluationContext {
  const { now, cohortMembership, ...rest } = json;
  return {
    mode: 'server',
    ...rest,
    now: new Date(now),
    ...(cohortMembership ? { cohortMembership: (id: string) => cohortMembership[id] } : {}),
    ...overrides,
  };
}

function check(actual: EvaluationResult | undefined, expected: Expectation): void {
  if (expected.absent) {
    expect(actual).toBeUndefined();
    return;
  }
  expect(actual).toBeDefined();
  if (expected.inconclusive) {
    expect(actual).toMatchObject({
      inconclusive: true,
      ...(expected.code ? { reason: { code: expected.code } } : {}),
    });
    return;
  }
  expect(actual!.inconclusive).not.toBe(true);
  const { code: _code, inconclusive: _inconclusive, ...fields } = expected;
  expect(actual).toMatchObject(fields);
}

function flagByKey(definitions: Definitions, key: string): FlagDefinition {
  const flag = definitions.flags.find((f) => f.key === key);
  if (!flag) throw new Error(`case names unknown flag ${key}`);
  return flag;
}

describe.each(files)('cases/%s', (file) => {
  const data = JSON.parse(readFileSync(new URL(file, casesDir), 'utf8')) as CaseFile;

  it('is a version 1 case file', () => {
    expect(data.version).toBe(1);
  });

  for (const testCase of data.cases ?? []) {
    it(testCase.name, () => {
      const context = toContext(testCase.context);
      const all = evaluateAll(testCase.definitions, context);
      for (const [key, expected] of Object.entries(testCase.expected)) {
        check(all[key], expected);
        if (!expected.absent)
          check(evaluate(flagByKey(testCase.definitions, key), testCase.definitions, context), expected);
        const only = evaluateAll(testCase.definitions, context, { flagKeys: [key] });
        if (!expected.absent) check(only[key], expected);
      }
    });
  }

  for (const sequence of data.sequences ?? []) {
    it(sequence.name, () => {
      const flag = flagByKey(sequence.definitions, sequence.flag);
      const { prefix, from, count } = sequence.distinctIds;
      const actual: Array<boolean | string | undefined> = [];
      for (let i = 0; i < count; i++) {
        const context = toContext(sequence.context, { distinctId: `${prefix}${from + i}` });
        const result = evaluate(flag, sequence.definitions, context);
        actual.push(result.inconclusive ? undefined : result.value);
      }
      expect(actual).toEqual(sequence.values);
    });
  }

  for (const table of data.tables ?? []) {
    describe(table.name, () => {
      for (const row of table.rows) {
        const shown = 'property' in row ? JSON.stringify(row.property) : '(absent)';
        for (const mode of ['server', 'local'] as const) {
          it(`${mode}: ${row.operator} ${JSON.stringify(row.value)} vs ${shown}`, () => {
            const flag: FlagDefinition = {
              id: 1,
              key: 'operator-flag',
              active: true,
              filters: {
                groups: [
                  { properties: [{ key: 'prop', type: 'person', operator: row.operator, value: row.value }] },
                ],
              },
            };
            const definitions: Definitions = { flags: [flag] };
            const personProperties = 'property' in row ? { prop: row.property } : {};
            const context = toContext(data.context ?? { distinctId: 'user-1', now: '2024-01-01T00:00:00Z' }, {
              mode,
              personProperties,
            });
            const result = evaluate(flag, definitions, context);
            const expected = row[mode];
            if (expected === 'inconclusive') expect(result.inconclusive).toBe(true);
            else expect(result.inconclusive ? 'inconclusive' : result.value).toBe(expected);
          });
        }
      }
    });
  }
});
