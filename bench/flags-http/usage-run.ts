import { parseArgs } from 'node:util';
import { loadConfig } from '../../packages/server/src/config.ts';
import { FakeFlagUsageStore } from '../../packages/server/src/flag-usage/fake-flag-usage-store.ts';
import { FlagUsageTracker } from '../../packages/server/src/flag-usage/flag-usage-tracker.ts';
import { createSignpost, type Signpost } from '../../packages/server/src/server.ts';
import { MemoryStorage } from '../../packages/server/src/storage/memory/memory-storage.ts';
import { silentLogger } from '../../packages/server/src/util/logger.ts';

/**
 * Issue 14's bench row: what flag-usage counting costs `/flags`, and what its counters weigh. Two Signposts in
 * one process, identical but for usage tracking, answer the same `/flags?v=2` requests through their full HTTP
 * handler (`app.request`: routing, body decoding, evaluation, serialisation; no socket), in interleaved rounds so
 * machine noise hits both alike; CPU µs/request from process.cpuUsage, median of the rounds. Then the heap of a
 * tracker holding one day of counts for 1,000 flags (after GC; run with --expose-gc).
 *
 *   node --expose-gc --import tsx bench/flags-http/usage-run.ts [--rounds 12] [--requests 3000] [--flags 20]
 */
const { values: args } = parseArgs({
  options: {
    rounds: { type: 'string', default: '12' },
    requests: { type: 'string', default: '3000' },
    flags: { type: 'string', default: '20' },
  },
});
const ROUNDS = Number(args.rounds);
const REQUESTS = Number(args.requests);
const FLAGS = Number(args.flags);
const PROJECT_KEY = 'phc_bench_usage_project';
const PERSONAL_KEY = 'phx_bench_usage_personal';

async function start(trackFlagUsage: boolean): Promise<Signpost> {
  const config = loadConfig({
    SIGNPOST_DATA_DIR: '/nonexistent',
    SIGNPOST_PROJECT_API_KEY: PROJECT_KEY,
    SIGNPOST_PERSONAL_API_KEY: PERSONAL_KEY,
    SIGNPOST_RATE_LIMIT_FLAGS_PER_KEY: '0',
    SIGNPOST_RATE_LIMIT_FLAGS_PER_IP: '0',
  });
  const signpost = await createSignpost({
    config,
    storage: new MemoryStorage(),
    logger: silentLogger,
    trackFlagUsage,
  });
  for (let i = 0; i < FLAGS; i++) {
    const filters =
      i % 4 === 0
        ? { groups: [{ properties: [{ key: 'plan', type: 'person', value: ['pro'], operator: 'exact' }] }] }
        : i % 4 === 1
          ? {
              groups: [{ rollout_percentage: 100 }],
              multivariate: {
                variants: [
                  { key: 'control', rollout_percentage: 50 },
                  { key: 'test', rollout_percentage: 50 },
                ],
              },
            }
          : { groups: [{ rollout_percentage: 10 + i * 4 }] };
    const r = await signpost.app.request('/api/projects/@current/feature_flags/', {
      method: 'POST',
      headers: { authorization: `Bearer ${PERSONAL_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ key: `flag-${i}`, filters }),
    });
    if (r.status !== 201) throw new Error(`create flag → ${r.status} ${await r.text()}`);
  }
  return signpost;
}

const bodies = Array.from({ length: REQUESTS }, (_, i) =>
  JSON.stringify({
    token: PROJECT_KEY,
    distinct_id: `user-${i}`,
    person_properties: { plan: i % 3 ? 'free' : 'pro' },
  }),
);

async function round(signpost: Signpost): Promise<number> {
  const before = process.cpuUsage();
  for (const body of bodies) {
    const r = await signpost.app.request('/flags?v=2', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    if (r.status !== 200) throw new Error(`/flags → ${r.status}`);
    await r.arrayBuffer();
  }
  const used = process.cpuUsage(before);
  return (used.user + used.system) / REQUESTS;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? (s[s.length >> 1] ?? 0) : ((s[s.length / 2 - 1] ?? 0) + (s[s.length / 2] ?? 0)) / 2;
};

const withUsage = await start(true);
const without = await start(false);
await round(withUsage);
await round(without);
const a: number[] = [];
const b: number[] = [];
for (let i = 0; i < ROUNDS; i++) {
  // Alternating which goes first, so warm caches and GC debt are shared fairly.
  if (i % 2 === 0) {
    a.push(await round(withUsage));
    b.push(await round(without));
  } else {
    b.push(await round(without));
    a.push(await round(withUsage));
  }
}
const pending = withUsage.flagUsage.pending(1).reduce((n, r) => n + r.count, 0);
await withUsage.close();
await without.close();

const gc = (globalThis as { gc?: () => void }).gc;
const heap = () => {
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed;
};
const keys = Array.from({ length: 1000 }, (_, i) => `flag-number-${i}`);
const results = keys.map((key, i) => ({
  flag: { key },
  result: {
    key,
    value: i % 2 ? true : 'variant-b',
    variant: null,
    payload: undefined,
    payloadRaw: undefined,
    reason: { code: 'condition_match' as const, conditionIndex: 0, description: '' },
  },
}));
const falses = keys.map((key) => ({
  flag: { key },
  result: { ...(results[0]?.result as (typeof results)[0]['result']), key, value: false },
}));
const base = heap();
const tracker = new FlagUsageTracker({ store: new FakeFlagUsageStore() });
tracker.recordResults(1, results);
tracker.recordResults(1, falses);
tracker.recordPolled(1, keys);
const counters = heap() - base;

// The counting alone, as /flags does it per request: one call with 20 answered flags.
const twenty = results.slice(0, 20);
const direct = new FlagUsageTracker({ store: new FakeFlagUsageStore() });
for (let i = 0; i < 50_000; i++) direct.recordResults(1, twenty);
const started = process.hrtime.bigint();
const CALLS = 500_000;
for (let i = 0; i < CALLS; i++) direct.recordResults(1, twenty);
const perCallNs = Number(process.hrtime.bigint() - started) / CALLS;

const fmt = (n: number) => n.toFixed(1);
console.log(
  `/flags?v=2, ${FLAGS} flags, ${REQUESTS} requests × ${ROUNDS} rounds each (${pending} answers counted):`,
);
console.log(`  with usage tracking:    ${fmt(median(a))} µs/request CPU (rounds ${a.map(fmt).join(' ')})`);
console.log(`  without usage tracking: ${fmt(median(b))} µs/request CPU (rounds ${b.map(fmt).join(' ')})`);
console.log(`  difference: ${fmt(((median(a) - median(b)) / median(b)) * 100)}%`);
console.log(
  `counters for 1,000 flags × 3 values (one environment, one day): ${(counters / 1024).toFixed(0)} KiB${gc ? '' : ' (no --expose-gc: rough)'}`,
);
console.log(`counting alone: ${perCallNs.toFixed(0)} ns per request of 20 flags (${CALLS} calls)`);
console.log(`node ${process.version}`);
