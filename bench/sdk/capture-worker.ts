/**
 * One SDK, fresh process: 100k capture() calls against the slow server. Prints one JSON line (CaptureRun).
 *   node --expose-gc --import tsx bench/sdk/capture-worker.ts <signpost|posthog-node> <host> <calls>
 */
import { performance } from 'node:perf_hooks';
import { Signpost } from '@signpost/node';
import { PostHog } from 'posthog-node';
import { CAPTURE_SETTINGS, type CaptureRun } from './capture-settings.ts';

const [sdk = 'signpost', host = '', callsArg = '100000'] = process.argv.slice(2);
const calls = Number(callsArg);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');
const s = CAPTURE_SETTINGS;

interface Client {
  capture(i: number): void;
  queued(): number;
  shutdown(): Promise<void>;
}

function client(): Client {
  if (sdk === 'signpost') {
    const c = new Signpost('phc_bench', {
      host,
      flushAt: s.flushAt,
      flushIntervalMs: s.flushIntervalMs,
      maxBatchSize: s.maxBatchSize,
      maxQueueSize: s.maxQueueSize,
    });
    return {
      capture: (i) =>
        c.capture({
          distinctId: `user-${i % 1000}`,
          event: 'timer.started',
          properties: { project_id: i, n: i },
        }),
      queued: () => c.stats().queued,
      shutdown: () => c.shutdown(100),
    };
  }
  const c = new PostHog('phc_bench', {
    host,
    flushAt: s.flushAt,
    flushInterval: s.flushIntervalMs,
    maxBatchSize: s.maxBatchSize,
    maxQueueSize: s.maxQueueSize,
    disableGeoip: true,
  });
  // posthog-node reports a full queue on every further capture; the count, not the log, is what is measured.
  c.on('error', () => undefined);
  return {
    capture: (i) =>
      c.capture({
        distinctId: `user-${i % 1000}`,
        event: 'timer.started',
        properties: { project_id: i, n: i },
      }),
    queued: () => -1,
    shutdown: () => c.shutdown(100),
  };
}

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const c = client();
for (let i = 0; i < 2_000; i++) c.capture(i); // warm-up: JIT and first batches
await settle(100);
gc();
const heapBefore = process.memoryUsage();
const cpu0 = process.cpuUsage();
const t0 = performance.now();
for (let i = 0; i < calls; i++) c.capture(i);
const syncWallMs = performance.now() - t0;
const syncCpu = process.cpuUsage(cpu0);
const heapAfterLoop = process.memoryUsage();
// Work the calls left behind (promise chains, serialising, gzip, sockets) runs after the loop: count it too.
await settle(s.settleMs);
const totalCpu = process.cpuUsage(cpu0);
gc();
const heapSettled = process.memoryUsage();
const run: CaptureRun = {
  sdk,
  calls,
  syncWallUsPerCall: (syncWallMs * 1000) / calls,
  syncCpuUsPerCall: (syncCpu.user + syncCpu.system) / calls,
  totalCpuUsPerCall: (totalCpu.user + totalCpu.system) / calls,
  heapGrowthAfterLoopMb: (heapAfterLoop.heapUsed - heapBefore.heapUsed) / 2 ** 20,
  heapGrowthSettledMb: (heapSettled.heapUsed - heapBefore.heapUsed) / 2 ** 20,
  rssGrowthMb: (heapSettled.rss - heapBefore.rss) / 2 ** 20,
  queuedAtEnd: c.queued(),
};
await c.shutdown();
console.log(JSON.stringify(run));
process.exit(0);
