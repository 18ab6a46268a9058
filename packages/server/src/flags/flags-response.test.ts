import { type Definitions, evaluate, type FlagFilters } from '@signpost/flags-engine';
import { describe, expect, it } from 'vitest';
import { remoteConfig } from '../remote-config/remote-config.ts';
import type { FeatureFlag } from './feature-flag.ts';
import { toDefinition } from './flag-definitions.ts';
import type { FlagResult } from './flag-evaluation-service.ts';
import { flagsV2, flagsV2Json } from './flags-response.ts';

// flagsV2Json builds the `/flags?v=2` answer from cached per-flag JSON; it must stay byte-for-byte the document
// `JSON.stringify` makes of flagsV2, whatever the flags, results and names hold, and follow every flag change.

let nextId = 1;
function flag(key: string, filters: FlagFilters, name = ''): FeatureFlag {
  const at = new Date('2026-01-01T00:00:00Z');
  return {
    id: nextId++,
    projectId: 1,
    key,
    name,
    filters,
    active: true,
    deleted: false,
    version: 1,
    ensureExperienceContinuity: false,
    evaluationRuntime: 'all',
    bucketingIdentifier: 'distinct_id',
    evaluationContexts: [],
    isRemoteConfiguration: false,
    tags: [],
    createdAt: at,
    updatedAt: at,
    createdBy: null,
  };
}

const FLAGS = [
  flag(
    'on',
    { groups: [{ rollout_percentage: 100 }], payloads: { true: '{"say":"\\"hi\\" — ünïcode ✓"}' } },
    'Say "hi"',
  ),
  flag('half', { groups: [{ rollout_percentage: 50 }] }),
  flag('pro', {
    groups: [{ properties: [{ key: 'plan', type: 'person', operator: 'exact', value: 'pro' }] }],
  }),
  flag('colors', {
    groups: [{ rollout_percentage: 100 }],
    multivariate: {
      variants: [
        { key: 'red', rollout_percentage: 50 },
        { key: 'blue-ish', rollout_percentage: 50 },
      ],
    },
    payloads: { red: '"#f00"', 'blue-ish': '{"hex":"#00f","alpha":0.5}' },
  }),
];

/** Real engine results; `mode: 'local'` makes `pro` inconclusive for users whose plan is not sent. */
function results(distinctId: string, mode: 'server' | 'local', props: Record<string, unknown>): FlagResult[] {
  const definitions: Definitions = { flags: FLAGS.map(toDefinition), cohorts: {} };
  return FLAGS.map((f) => ({
    flag: f,
    result: evaluate(toDefinition(f), definitions, {
      distinctId,
      personProperties: props,
      now: new Date(),
      mode,
    }),
  }));
}

const sameId = (json: string) => json.replace(/"requestId":"[0-9a-f-]{36}"/, '"requestId":"<id>"');

describe('flagsV2Json', () => {
  const now = new Date('2026-11-25T12:00:00.123Z');
  const cases: [string, FlagResult[]][] = [];
  for (let i = 0; i < 40; i++) {
    cases.push([`user-${i} server`, results(`user-${i}`, 'server', i % 2 ? { plan: 'pro' } : {})]);
    cases.push([`user-${i} local`, results(`user-${i}`, 'local', {})]);
  }

  it('is the document JSON.stringify makes of flagsV2, for every user and mode', () => {
    const seen = new Set<string>();
    for (const [, rs] of cases) {
      const fast = flagsV2Json(rs, now);
      expect(sameId(fast)).toBe(sameId(JSON.stringify(flagsV2(rs, now))));
      seen.add(
        Object.values((JSON.parse(fast) as { flags: Record<string, { variant: unknown }> }).flags)
          .map((d) => String(d.variant))
          .join(),
      );
    }
    // The users cover more than one combination of variants, so cached pieces are reused across answers.
    expect(seen.size).toBeGreaterThan(1);
    const local = cases.find(([n]) => n.endsWith('local'))?.[1] ?? [];
    expect(JSON.parse(flagsV2Json(local, now))).toMatchObject({
      errorsWhileComputingFlags: true,
      flags: { pro: { failed: true, reason: null } },
    });
  });

  it('puts extra fields (remote config) first, as the spread did', () => {
    const config = remoteConfig('phc_x"y', true);
    const [, rs] = cases[0] as [string, FlagResult[]];
    expect(sameId(flagsV2Json(rs, now, config))).toBe(
      sameId(JSON.stringify({ ...config, ...flagsV2(rs, now) })),
    );
  });

  it('follows a change to a flag, in place or as a new object', () => {
    const [, rs] = cases[0] as [string, FlagResult[]];
    flagsV2Json(rs, now);
    const on = rs[0] as FlagResult;
    on.flag.version = 2;
    on.flag.name = 'renamed';
    expect(JSON.parse(flagsV2Json(rs, now)).flags.on.metadata).toMatchObject({
      version: 2,
      description: 'renamed',
    });
    const copy = { ...on, flag: { ...on.flag, version: 3, name: '' } };
    expect(JSON.parse(flagsV2Json([copy], now)).flags.on.metadata).toMatchObject({
      version: 3,
      description: null,
    });
    expect(sameId(flagsV2Json([copy], now))).toBe(sameId(JSON.stringify(flagsV2([copy], now))));
  });

  it('gives a flag whose key is a number the same details (JSON objects have no order)', () => {
    const numeric = flag('123', { groups: [{ rollout_percentage: 100 }] }, 'a numeric key');
    const rs = [...(cases[0]?.[1] ?? []), { flag: numeric, result: results('u', 'server', {})[0]?.result }];
    const withNumeric = rs.map((r) => ({
      flag: r.flag,
      result: { ...(r.result as FlagResult['result']), key: r.flag.key },
    }));
    const parsed = JSON.parse(flagsV2Json(withNumeric, now));
    expect({ ...parsed, requestId: '' }).toEqual({ ...flagsV2(withNumeric, now), requestId: '' });
    expect(Object.keys(parsed.flags)).toContain('123');
  });

  it('answers no flags as an empty map', () => {
    expect(JSON.parse(flagsV2Json([], now))).toMatchObject({ errorsWhileComputingFlags: false, flags: {} });
  });
});
