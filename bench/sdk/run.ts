/**
 * @signpost/node next to posthog-node 5.70, side by side in one run: local `getFeatureFlag` throughput on the
 * bench/flags workload, and `capture()` cost and memory against a slow `/batch/`. Replaces its section of
 * bench/RESULTS.md; `--dry-run` only prints.
 *
 *   npm run bench:sdk [-- --dry-run]
 */
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { agreement } from '../flags/checks.ts';
import { measureInterleaved } from '../flags/measure.ts';
import { environment } from '../flags/report.ts';
import { makeUsers } from '../flags/workload.ts';
import { captureRun } from './capture-runs.ts';
import { CAPTURE_SETTINGS, type CaptureRun } from './capture-settings.ts';
import { startDefinitionsServer } from './definitions-server.ts';
import { posthogClient, signpostClient } from './flag-clients.ts';
import { captureTable, flagsTable, medianRun, ratio, writeSection } from './report.ts';

const COMMAND = 'npm run bench:sdk';
const CALLS = 100_000;
const CAPTURE_RUNS = 3;
const dryRun = process.argv.includes('--dry-run');
const log = (line: string) => console.error(line);
const loadBefore = os.loadavg();

// 1. Local flag evaluation, both clients in this process, definitions served once by a local HTTP server.
const users = makeUsers();
const definitions = await startDefinitionsServer();
const signpost = await signpostClient(definitions.url, users);
const posthog = await posthogClient(definitions.url, users);
const agree = await agreement(signpost, posthog, users.length);
if (agree.flagA !== 1 || agree.flagB !== 1 || agree.undecided > 0) {
  throw new Error(`the clients disagree: ${agree.firstMismatch ?? `${agree.undecided} undecided`}`);
}
log('measuring getFeatureFlag (warm-up 1 s each, then 5 interleaved rounds)…');
const measured = await measureInterleaved([signpost, posthog], { rounds: 5, warmupMs: 1_000 });
const sp = measured.get(signpost);
const ph = measured.get(posthog);
if (!sp || !ph) throw new Error('missing measurement');
await signpost.close?.();
await posthog.close?.();
const otherRequests = definitions.otherRequests();
if (otherRequests.length > 0) throw new Error(`a client went remote: ${otherRequests[0]}`);
const fetches = definitions.definitionFetches();
await definitions.close();

// 2. capture() against a slow server, each run in a fresh process, SDKs alternating.
const runs: Record<'signpost' | 'posthog-node', CaptureRun[]> = { signpost: [], 'posthog-node': [] };
for (let i = 0; i < CAPTURE_RUNS; i++) {
  for (const sdk of ['signpost', 'posthog-node'] as const) {
    log(`capture run ${i + 1}/${CAPTURE_RUNS}: ${sdk}…`);
    runs[sdk].push(await captureRun(sdk, CALLS));
  }
}
const cs = medianRun(runs.signpost);
const cp = medianRun(runs['posthog-node']);
const s = CAPTURE_SETTINGS;

const body = `${environment(COMMAND, loadBefore)}

**Local \`getFeatureFlag\`** on the bench/flags workload (${users.length.toLocaleString('en-US')} users; flag A = \
\`email icontains "acme.com"\` OR 30%, flag B = 3 variants; one round reads both flags for every user). Both clients \
have a personal key, fetch the definitions once from a local HTTP server (${fetches} fetches, no other request), get \
each user's person properties built outside the timing, and send no \`$feature_flag_called\` events. Warm-up ≥ 1 s \
each, then 5 rounds of ≥ 250 ms, interleaved; median. Both gave identical values for all users.

${flagsTable(sp, ph)}

@signpost/node is **${ratio(sp.perSecond / ph.perSecond)}** posthog-node's rate (per CPU-second \
${ratio(sp.perCpuSecond / ph.perCpuSecond)}). For scale, the engine called directly on the same workload is in the \
section "Flag evaluation in process" above; the SDK adds an awaited promise and an options lookup per call. The \
machine was shared with other jobs (load average above): wall-clock rounds swing, per-CPU-second rates less.

**\`capture()\`** — ${CALLS.toLocaleString('en-US')} calls in a tight loop after 2,000 warm-up calls, each SDK in a \
fresh \`node --expose-gc\` process, against a local \`/batch/\` that answers after 2 s (run in the parent process, so \
receiving and unzipping is not charged to the SDK). Same settings for both: flushAt ${s.flushAt}, batch size \
${s.maxBatchSize}, queue limit ${s.maxQueueSize.toLocaleString('en-US')} (both then drop the oldest events), flush \
interval ${s.flushIntervalMs / 1000} s. Median of ${CAPTURE_RUNS} runs each.

${captureTable(cs, cp)}

Reading it: the loop produces 100k events far faster than a server answering every 2 s can take them, so both \
clients hold at most ${s.maxQueueSize.toLocaleString('en-US')} queued and drop the oldest beyond that (Signpost \
reported ${n(cs.queuedAtEnd)} still queued at the end; posthog-node does not expose its count). @signpost/node \
builds and queues the event synchronously inside \`capture()\`; posthog-node also schedules asynchronous work per \
event, which is why its CPU keeps running after the loop returns (the "3 s after" row) and why its heap and RSS \
peak higher before GC. After GC, both are back to a bounded queue's worth of heap.
`;

function n(x: number): string {
  return Math.round(x).toLocaleString('en-US');
}

console.log(body);
if (!dryRun) {
  const path = fileURLToPath(new URL('../RESULTS.md', import.meta.url));
  writeSection(path, body);
  log(`wrote its section in ${path}`);
}
process.exit(0);
