/**
 * In-process flag evaluation throughput, Signpost's engine next to posthog-node, GrowthBook and Unleash, on
 * one workload (see workload.ts). Replaces its section of bench/RESULTS.md; `--dry-run` only prints.
 *
 *   node --import tsx bench/flags/run.ts [--dry-run]
 */
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { agreement, distribution, fingerprint, pct } from './checks.ts';
import { growthbook } from './growthbook.ts';
import { ISOLATED, type IsolatedId, type IsolatedRun, runIsolated } from './isolated.ts';
import type { Measurement, System } from './measure.ts';
import { posthogNode } from './posthog-node.ts';
import { environment, table, writeSection } from './report.ts';
import { countDigests } from './sha1.ts';
import { signpostEvaluate } from './signpost.ts';
import { unleash } from './unleash.ts';
import { makeUsers } from './workload.ts';

const COMMAND = 'node --import tsx bench/flags/run.ts';
const dryRun = process.argv.includes('--dry-run');
const loadBefore = os.loadavg();
const users = makeUsers();
const log = (line: string) => console.error(line);

// Checks, in this process: result agreement, distributions, and SHA-1 digests per evaluation.
const signpost = signpostEvaluate(users, 'server');
const local = signpostEvaluate(users, 'local');
const posthog = await posthogNode(users);
const systems: System[] = [signpost, local, growthbook(users), await unleash(users), posthog];
log(`${users.length} users; checking results…`);
const agree = await agreement(signpost, posthog, users.length);
const localAgree = await agreement(signpost, local, users.length);
const sanity: string[] = [];
for (const system of systems) sanity.push(`- ${system.name}: ${await distribution(system, users.length)}`);
if (posthog.otherRequests().length > 0)
  throw new Error(`posthog-node went remote: ${posthog.otherRequests()[0]}`);
const digestsPerEvaluation = countDigests(() => signpost.round()) / signpost.evaluationsPerRound;
const expectedPrint = await fingerprint(signpost, users.length);
for (const system of systems) await system.close?.();

// Throughput: every system in its own fresh process, one after another.
const runs = new Map<IsolatedId, IsolatedRun>();
for (const id of ISOLATED) {
  log(`measuring ${id} in its own process…`);
  const run = runIsolated(id);
  runs.set(id, run);
  for (const m of run.measurements) {
    log(
      `  ${m.name}: ${Math.round(m.perSecond).toLocaleString('en-US')}/s (${m.rounds.map(Math.round).join(', ')})`,
    );
  }
}
const one = (id: IsolatedId): Measurement => runs.get(id)!.measurements[0]!;
const [sha1Sync, sha1OneBlock, sha1General, sha1Async] = runs.get('sha1')!.measurements;
const mismatched = ISOLATED.filter((id) => id.startsWith('signpost') || id === 'posthog-node').filter(
  (id) => runs.get(id)!.fingerprint !== expectedPrint,
);
if (mismatched.length > 0)
  throw new Error(`results differ from the in-process check: ${mismatched.join(', ')}`);
const results = new Map<string, Measurement>(
  (
    ['signpost-server', 'signpost-local', 'signpost-all', 'growthbook', 'unleash', 'posthog-node'] as const
  ).map((id) => [id, one(id)]),
);
const peers = ['growthbook', 'unleash'];
const viaCreateHash = one('signpost-createhash');

const ref = results.get('signpost-server')!;
const ph = results.get('posthog-node')!;
const fastestPeer = peers.map((p) => results.get(p)!).sort((a, b) => b.perSecond - a.perSecond)[0]!;
const vsPeer = ref.perSecond / fastestPeer.perSecond;
const vsPosthog = ref.perSecond / ph.perSecond;
const cpuVsPeer = ref.perCpuSecond / fastestPeer.perCpuSecond;
const cpuVsPosthog = ref.perCpuSecond / ph.perCpuSecond;
const n = (x: number) => Math.round(x).toLocaleString('en-US');
const verdict = (ok: boolean) => (ok ? 'met' : '**missed**');
// Caps use CPU-time rates: wall-clock rates swing most with load from other processes.
const needed = Math.max(2 * fastestPeer.perCpuSecond, 100 * ph.perCpuSecond);
const cap = sha1OneBlock!.perCpuSecond / digestsPerEvaluation;
const createHashCap = sha1Sync!.perCpuSecond / digestsPerEvaluation;
const nsHash = 1e9 / cap;
const nsOther = 1e9 / ref.perCpuSecond - nsHash;
const versus = (cap: number) =>
  cap >= needed
    ? `${(cap / needed).toFixed(1)}× the ~${n(needed)} the goals need`
    : `below the ~${n(needed)} the goals need`;
const notesNote =
  ph.perSecond > 10_000
    ? ` (faster than the ~6–8k/s in the platform notes; with \`sendFeatureFlagEvents: false\` no event is queued)`
    : '';
const rows = [...results.values(), viaCreateHash, sha1Sync!, sha1OneBlock!, sha1General!, sha1Async!];

const body = `${environment(COMMAND, loadBefore)}
- Workload: ${n(users.length)} users (email ~20% at acme.com, a tenth of those upper-case, plan, country, …); \
flag A = \`email icontains "acme.com"\` (100%) OR 30% of everyone; flag B = control 34 / test-a 33 / test-b 33 \
at 100%. One round evaluates both flags for every user (${n(signpost.evaluationsPerRound)} evaluations). Each \
system runs in its own fresh Node process, warms up ≥ 1 s, then times 5 rounds of ≥ 250 ms each (repeating the pass over all users as needed); median of the 5. Per-user contexts are built once, outside the timing, for every system. \
posthog-node gets its definitions from a custom \`fetch\` and made no other request.

${table(rows, ref, ph)}

"vs" columns divide that row's wall-clock rate by Signpost \`evaluate\` (server mode) or by posthog-node. The \
what-if row sends every key through \`createHash\`, the engine's backend before its one-block SHA-1 (same \
results for all users: ${runs.get('signpost-createhash')!.fingerprint === expectedPrint ? 'yes' : '**NO**'}); \
SHA-1 rows are digests/s of \`flag-a.<distinct id>\`.

**Goals** (Signpost \`evaluate\`, server mode, ${n(ref.perSecond)}/s): ≥ 2× the fastest peer \
(${fastestPeer.name}, ${n(fastestPeer.perSecond)}/s): ${vsPeer.toFixed(2)}× (per CPU-second \
${cpuVsPeer.toFixed(2)}×) — ${verdict(vsPeer >= 2 && cpuVsPeer >= 2)}; ≥ 100× posthog-node (${n(ph.perSecond)}/s): \
${vsPosthog.toFixed(0)}× (per CPU-second ${cpuVsPosthog.toFixed(0)}×) — ${verdict(vsPosthog >= 100 && cpuVsPosthog >= 100)}. \
Meeting both needs ~${n(needed)} per CPU-second. Other jobs shared this 2-CPU machine (see the load average), which swings \
wall-clock rates between runs (±50% on some rounds); per-CPU-second rates are steadier, so the caps below use them.

**What bounds it — SHA-1, now the engine's own.** The engine makes ${digestsPerEvaluation.toFixed(3)} SHA-1 \
digests per evaluation here (flag A's 100% condition skips the digest for acme.com users; flag B's 100% rollout \
needs none, its variant needs one). Keys of up to 55 ASCII bytes — every key here — go through the engine's \
one-block SHA-1, packed from character codes after a prepared \`<flag key>.\` prefix, with no string built and \
nothing allocated: ${n(sha1OneBlock!.perCpuSecond)} digests per CPU-second, \
${(sha1OneBlock!.perCpuSecond / sha1Sync!.perCpuSecond).toFixed(1)}× \`createHash\`, whose fixed cost per call \
dominates such short inputs. Hashing alone therefore caps Signpost at ~${n(cap)} evaluations per CPU-second \
(${versus(cap)}); it runs at ${pct(ref.perCpuSecond / cap)} of that cap, i.e. ~${nsHash.toFixed(0)} ns of \
SHA-1 and ~${nsOther.toFixed(0)} ns of everything else per evaluation. That remainder is small because each \
flag is compiled once per definition object (operators lowered with their values parsed, rollout thresholds, \
variant slices and hash prefixes prepared), so \`evaluate\` only looks properties up, compares, hashes and \
builds its result. With every key through \`createHash\` instead, the cap would be ~${n(createHashCap)} \
(${versus(createHashCap)}) and the what-if row shows ${n(viaCreateHash.perCpuSecond)} evaluations per \
CPU-second: the one-block path makes \`evaluate\` ${(ref.perCpuSecond / viaCreateHash.perCpuSecond).toFixed(1)}× \
faster. GrowthBook (32-bit FNV-1a) and Unleash (MurmurHash3) use far cheaper hashes, which PostHog \
compatibility rules out. posthog-node awaits WebCrypto \`subtle.digest\` (${n(sha1Async!.perCpuSecond)} digests \
per CPU-second, ${(sha1Sync!.perCpuSecond / sha1Async!.perCpuSecond).toFixed(0)}× fewer than \`createHash\`: a \
thread-pool hop and a promise per digest) inside an async call chain per flag${notesNote}.

**Agreement** with posthog-node over all ${n(agree.users)} users: flag A ${pct(agree.flagA)}, flag B \
${pct(agree.flagB)} (${agree.undecided} undecided)${agree.firstMismatch ? `; first mismatch: ${agree.firstMismatch}` : ''}. \
Signpost local vs server mode: A ${pct(localAgree.flagA)}, B ${pct(localAgree.flagB)}. GrowthBook and Unleash \
hash differently, so only their distributions are comparable:

${sanity.join('\n')}
`;

console.log(`${body}`);
if (!dryRun) {
  const path = fileURLToPath(new URL('../RESULTS.md', import.meta.url));
  writeSection(path, body);
  log(`wrote its section in ${path}`);
}
