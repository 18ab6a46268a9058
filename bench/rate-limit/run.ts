/**
 * What the rate limiter costs per request: `RateLimits.check` alone (one hot key, churning addresses, a flood
 * past the tracking cap), and a whole in-process `POST /flags` with every limit on versus every limit off.
 * A few seconds; prints a markdown section for bench/RESULTS.md.
 *
 *   node --import tsx bench/rate-limit/run.ts
 */
import os from 'node:os';
import { Hono } from 'hono';
import { RateLimits } from '../../packages/server/src/http/rate-limit/rate-limits.ts';
import { sdkGuard } from '../../packages/server/src/http/rate-limit/sdk-guard.ts';
import { noMetrics } from '../../packages/server/src/metrics/metrics.ts';
import { inProcess } from '../../packages/server/src/testing/in-process.ts';
import { TEST_PROJECT_KEY } from '../../packages/server/src/testing/test-server.ts';

const HUGE = 1e12;
const settings = (maxTracked: number) => ({
  captureProjectKey: HUGE,
  captureIp: HUGE,
  flagsProjectKey: HUGE,
  flagsIp: HUGE,
  apiCaller: HUGE,
  burstSeconds: 10,
  maxTracked,
});

function nsPerCheck(keys: string[], calls: number, maxTracked: number): number {
  const limits = new RateLimits(settings(maxTracked), noMetrics);
  for (let i = 0; i < 200_000; i++) limits.check('flags', 'ip', keys[i % keys.length] as string);
  const started = process.hrtime.bigint();
  for (let i = 0; i < calls; i++) limits.check('flags', 'ip', keys[i % keys.length] as string);
  return Number(process.hrtime.bigint() - started) / calls;
}

const addresses = (n: number) =>
  Array.from({ length: n }, (_, i) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`);
const hot = nsPerCheck(['203.0.113.9'], 3_000_000, 100_000);
const churn = nsPerCheck(addresses(50_000), 3_000_000, 100_000);
const flood = nsPerCheck(addresses(400_000), 2_000_000, 10_000);

async function usPerFlagsRequest(limitsOn: boolean, requests: number): Promise<number> {
  const value = limitsOn ? String(HUGE) : '0';
  const sp = await inProcess('memory', {
    SIGNPOST_TRUST_PROXY: 'true',
    SIGNPOST_RATE_LIMIT_FLAGS_PER_KEY: value,
    SIGNPOST_RATE_LIMIT_FLAGS_PER_IP: value,
  });
  const body = JSON.stringify({ token: TEST_PROJECT_KEY, distinct_id: 'bench-user' });
  const send = () =>
    sp.signpost.app.request('/flags/?v=2', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.9' },
      body,
    });
  for (let i = 0; i < 2_000; i++) await (await send()).arrayBuffer();
  // CPU time, not wall time: other jobs share this machine, and the request path never waits on I/O here.
  const started = process.cpuUsage();
  for (let i = 0; i < requests; i++) {
    const response = await send();
    if (response.status !== 200) throw new Error(`status ${response.status}`);
    await response.arrayBuffer();
  }
  const used = process.cpuUsage(started);
  const us = (used.user + used.system) / requests;
  await sp.stop();
  return us;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

/** The guard middleware alone (no-op metrics), on a bare Hono app whose handler answers "ok": with it, without it. */
async function usPerBareRequest(withLimiter: boolean, requests: number): Promise<number> {
  const limits = new RateLimits(settings(100_000), noMetrics);
  const app = new Hono();
  if (withLimiter)
    app.use('/flags', sdkGuard({ route: 'flags', limits, metrics: noMetrics, trustProxy: true }));
  app.post('/flags', (c) => {
    limits.check('flags', 'project_key', TEST_PROJECT_KEY);
    return c.text('ok');
  });
  const init = { method: 'POST', headers: { 'x-forwarded-for': '203.0.113.9' } };
  for (let i = 0; i < 5_000; i++) await app.request('/flags', init);
  const started = process.cpuUsage();
  for (let i = 0; i < requests; i++) await app.request('/flags', init);
  const used = process.cpuUsage(started);
  return (used.user + used.system) / requests;
}

const bareOn: number[] = [];
const bareOff: number[] = [];
for (let round = 0; round < 5; round++) {
  bareOff.push(await usPerBareRequest(false, 50_000));
  bareOn.push(await usPerBareRequest(true, 50_000));
}

const on: number[] = [];
const off: number[] = [];
for (let round = 0; round < 5; round++) {
  off.push(await usPerFlagsRequest(false, 6_000));
  on.push(await usPerFlagsRequest(true, 6_000));
}
const f = (n: number, digits = 1) => n.toFixed(digits);

console.log(`## Rate limiter cost (bench/rate-limit)

- Date: ${new Date().toISOString()}; Node ${process.version}; ${os.cpus().length} CPUs; load average before the run ${os
  .loadavg()
  .map((l) => l.toFixed(2))
  .join(' ')}
- Command: \`node --import tsx bench/rate-limit/run.ts\`

| what | cost |
| --- | ---: |
| \`RateLimits.check\`, one hot key | ${f(hot)} ns/call |
| \`RateLimits.check\`, 50,000 addresses in turn (below the cap) | ${f(churn)} ns/call |
| \`RateLimits.check\`, 400,000 addresses in turn, cap 10,000 (eviction on every new key) | ${f(flood)} ns/call |
| bare Hono app, handler only (CPU time, median of 5 × 50,000) | ${f(median(bareOff), 2)} µs/request |
| bare Hono app, with \`sdkGuard\` in front | ${f(median(bareOn), 2)} µs/request |
| difference: the guard layer and the address check | ${f(median(bareOn) - median(bareOff), 2)} µs/request |
| in-process \`POST /flags\`, every limit off (CPU time, median of 5 × 6,000) | ${f(off.length ? median(off) : 0)} µs/request |
| in-process \`POST /flags\`, per-key and per-address limits on | ${f(median(on))} µs/request |
| difference (limiter middleware + two checks) | ${f(median(on) - median(off), 2)} µs/request |

Bare rounds off: ${bareOff.map((x) => f(x, 2)).join(', ')}; on: ${bareOn.map((x) => f(x, 2)).join(', ')}. Full rounds off: ${off.map((x) => f(x)).join(', ')}; on: ${on.map((x) => f(x)).join(', ')}.`);
