import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SeedEvent, seed } from '../../insights/query-test-kit.ts';
import { apiClient } from '../../testing/api-client.ts';
import { queryBackends, queryServer } from '../../testing/clickhouse/query-backends.ts';
import type { InProcess } from '../../testing/in-process.ts';
import { type ExperimentResult, sampleSizePerArm } from '../stats/index.ts';
import { seededRandom } from '../stats/random/seeded-random.ts';
import { DAY, event, exposure, HOUR, localBucketing, variantFor } from './experiment-seeding.ts';

// End to end: events through the real /batch/ endpoint, variants from the real /flags, results from DuckDB
// and from the ClickHouse cluster (the same expectations on both).

const BASE = '/api/projects/@current/experiments/';
const STARTED = new Date(Date.now() - 20 * DAY);

interface Results {
  exposures: Record<string, number>;
  multiple_variant_exposures: number;
  holdout_exposures: number | null;
  is_cached: boolean;
  date_range: { date_from: string; date_to: string };
  analysis: ExperimentResult;
}

let server: InProcess;
let api: ReturnType<typeof apiClient>;

async function launch(key: string): Promise<number> {
  const res = await api.post(BASE, {
    name: key,
    feature_flag_key: key,
    start_date: STARTED.toISOString(),
    metrics: [{ metric_type: 'funnel', series: [{ event: 'export.csv' }], conversion_window: 7 }],
    metrics_secondary: [
      { metric_type: 'mean', name: 'timers', source: { event: 'timer.started' } },
      {
        metric_type: 'mean',
        name: 'rows',
        source: { event: 'export.csv', math: 'sum', math_property: 'rows' },
      },
    ],
  });
  expect(res.status).toBe(201);
  return res.json.id;
}

const results = async (id: number, query = '') => {
  const res = await api.get(`${BASE}${id}/results/${query}`);
  expect(res.status, JSON.stringify(res.json)).toBe(200);
  return res.json as unknown as Results;
};

interface Tally {
  exposures: number;
  conversions: number;
  timers: number[];
  rows: number[];
}

/**
 * Persons bucketed by /flags, exposed once, converting with their variant's rate. Noise the analysis must
 * ignore: exports before exposure, and exports after the 7-day window (those still count for "rows", which
 * has no window). `drop(variant, i)` loses a person's events, as broken exposure logging would.
 */
async function seedPersons(
  key: string,
  persons: number,
  rates: Record<string, number>,
  seedValue: number,
  drop: (variant: string, i: number) => boolean = () => false,
): Promise<Record<string, Tally>> {
  const random = seededRandom(seedValue);
  const bucket = await localBucketing(server, key);
  // The local answer must be the server's: checked on a sample through the real /flags.
  for (let i = 0; i < 20; i++)
    expect(bucket(`${key}-u${i}`)).toBe(await variantFor(server, key, `${key}-u${i}`));
  const tally: Record<string, Tally> = {};
  const events: SeedEvent[] = [];
  for (let i = 0; i < persons; i++) {
    const id = `${key}-u${i}`;
    const variant = bucket(id);
    if (variant === null) throw new Error(`no variant for ${id}`);
    if (drop(variant, i)) continue;
    const t = tally[variant] ?? { exposures: 0, conversions: 0, timers: [], rows: [] };
    tally[variant] = t;
    const at = new Date(STARTED.getTime() + DAY + (i % 5000) * 60_000);
    events.push(exposure(key, id, variant, at));
    t.exposures += 1;
    let rows = 0;
    if (random.next() < 0.2)
      events.push(event('export.csv', id, new Date(at.getTime() - HOUR), { rows: 1000 }));
    if (random.next() < (rates[variant] ?? 0)) {
      const n = 1 + Math.floor(random.next() * 100);
      rows += n;
      t.conversions += 1;
      events.push(event('export.csv', id, new Date(at.getTime() + 2 * HOUR), { rows: n }));
    }
    if (random.next() < 0.1) {
      rows += 7;
      events.push(event('export.csv', id, new Date(at.getTime() + 9 * DAY), { rows: 7 }));
    }
    const timers = Math.floor(random.next() * 4);
    for (let j = 0; j < timers; j++)
      events.push(event('timer.started', id, new Date(at.getTime() + (j + 1) * HOUR)));
    t.timers.push(timers);
    t.rows.push(rows);
  }
  await seed(server, events);
  return tally;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

function expectMatchesTally(r: Results, tally: Record<string, Tally>) {
  const [primary, timers, rows] = [r.analysis.primaryMetric, ...r.analysis.secondaryMetrics];
  for (const [variant, t] of Object.entries(tally)) {
    expect(r.exposures[variant]).toBe(t.exposures);
    const p = primary?.variants.find((v) => v.key === variant);
    expect(p?.units).toBe(t.exposures);
    expect(p?.value).toBeCloseTo(t.conversions / t.exposures, 12);
    expect(timers?.variants.find((v) => v.key === variant)?.value).toBeCloseTo(mean(t.timers), 12);
    expect(rows?.variants.find((v) => v.key === variant)?.value).toBeCloseTo(mean(t.rows), 9);
  }
}

// 50% → 55% conversion (a 10% relative lift); the persons per arm the two-proportion z-test needs for 95% power.
const PER_ARM = sampleSizePerArm({ baselineRate: 0.5, treatmentRate: 0.55, alpha: 0.05, power: 0.95 });

describe.each(queryBackends(process.env))('experiment results from the event store on %s', (backend) => {
  beforeAll(async () => {
    server = await queryServer(backend);
    api = apiClient(server.signpost);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it(`detects a real 10% lift with ${PER_ARM} persons per arm and recommends shipping it`, async () => {
    const id = await launch('lift-exp');
    const tally = await seedPersons('lift-exp', Math.ceil(PER_ARM * 2.1), { control: 0.5, test: 0.55 }, 7);
    const r = await results(id);
    expectMatchesTally(r, tally);
    expect(r.multiple_variant_exposures).toBe(0);
    expect(r.analysis.srm.alert).toBe(false);
    expect(r.analysis.recommendation).toBe('ship_test');
    expect(r.analysis.shipVariant).toBe('test');
    const test = r.analysis.primaryMetric.variants.find((v) => v.key === 'test');
    expect(test?.frequentist?.significant).toBe(true);
    expect(test?.frequentist?.relativeDifference?.lower).toBeGreaterThan(0);
    expect(new Date(r.date_range.date_from).getTime()).toBe(STARTED.getTime());

    // Cached until new events land; ?refresh=true recomputes on demand.
    expect((await results(id)).is_cached).toBe(true);
    expect((await results(id, '?refresh=true')).is_cached).toBe(false);
    const late = new Date(Date.now() - HOUR);
    const newcomer = 'lift-exp-newcomer';
    const variant = (await variantFor(server, 'lift-exp', newcomer)) ?? 'control';
    await seed(server, [exposure('lift-exp', newcomer, variant, late)]);
    const after = await results(id);
    expect(after.is_cached).toBe(false);
    expect(after.exposures[variant]).toBe((tally[variant]?.exposures ?? 0) + 1);
  }, 180_000);

  it('does not flag an A/A test', async () => {
    const id = await launch('aa-exp');
    const tally = await seedPersons('aa-exp', Math.ceil(PER_ARM * 2.1), { control: 0.5, test: 0.5 }, 11);
    const r = await results(id);
    expectMatchesTally(r, tally);
    expect(r.analysis.recommendation).not.toMatch(/^ship_/);
    expect(r.analysis.primaryMetric.variants.find((v) => v.key === 'test')?.frequentist?.significant).toBe(
      false,
    );
  }, 180_000);

  it('flags a sample ratio mismatch when a quarter of one arm’s exposures are lost', async () => {
    const id = await launch('srm-exp');
    const tally = await seedPersons(
      'srm-exp',
      2400,
      { control: 0.5, test: 0.5 },
      5,
      (v, i) => v === 'test' && i % 4 === 0,
    );
    const r = await results(id);
    expectMatchesTally(r, tally);
    expect(r.analysis.srm.alert).toBe(true);
    expect(r.analysis.srm.pValue).toBeLessThan(0.001);
    expect(r.analysis.recommendation).toBe('srm_invalid');
    expect(r.analysis.reasons[0]?.code).toBe('SRM_DETECTED');
  }, 120_000);

  it('excludes and counts persons exposed to several variants, counting merged identities once', async () => {
    const key = 'multi-exp';
    const id = await launch(key);
    const at = (minutes: number) => new Date(STARTED.getTime() + DAY + minutes * 60_000);
    const events: SeedEvent[] = [];
    for (let i = 0; i < 40; i++) events.push(exposure(key, `c${i}`, 'control', at(i)));
    for (let i = 0; i < 30; i++) events.push(exposure(key, `t${i}`, 'test', at(i)));
    for (let i = 0; i < 12; i++) {
      events.push(exposure(key, `both${i}`, 'control', at(i)), exposure(key, `both${i}`, 'test', at(i + 1)));
      events.push(event('export.csv', `both${i}`, at(i + 2)));
    }
    // Anonymous, then identified: one person with two distinct ids.
    const merged = (i: number, first: string, second: string) => [
      exposure(key, `anon${i}`, first, at(i)),
      event('$identify', `user${i}`, at(i + 1), { $anon_distinct_id: `anon${i}` }),
      exposure(key, `user${i}`, second, at(i + 2)),
      event('export.csv', `user${i}`, at(i + 3)),
    ];
    for (let i = 0; i < 8; i++) events.push(...merged(i, 'control', 'control'));
    for (let i = 8; i < 13; i++) events.push(...merged(i, 'control', 'test'));
    // Not exposures: another flag, and a user outside the rollout.
    events.push(exposure('other-flag', 'c0', 'test', at(5)));
    events.push({
      ...exposure(key, 'outsider', 'control', at(5)),
      properties: { $feature_flag: key, $feature_flag_response: false },
    });
    await seed(server, events);
    const r = await results(id);
    expect(r.exposures).toEqual({ control: 48, test: 30 });
    expect(r.multiple_variant_exposures).toBe(17);
    const control = r.analysis.primaryMetric.variants.find((v) => v.key === 'control');
    // Only the 8 merged persons converted (as `user<i>`, after their first exposure as `anon<i>`).
    expect(control?.value).toBeCloseTo(8 / 48, 12);
    expect(r.analysis.recommendation).toBe('keep_running');
  });
});
