import { loadavg } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { environment } from '../flags-http/report.ts';
import { REPO_ROOT } from '../ingest/server-process.ts';
import { type Baseline, createBaseline, removeBaseline } from './baseline-worktree.ts';
import { type BenchName, benchArgs, killRunningBench, runBench } from './bench-process.ts';
import type { BenchSummary, FlagsHttpSummary, IngestSummary } from './bench-summary.ts';
import { describeWorkingTree } from './git.ts';
import {
  type BenchOutcome,
  benchSection,
  FLAGS_HTTP_METRICS,
  INGEST_METRICS,
  type Pair,
  writeSection,
} from './regression-report.ts';

/**
 * Issue 10's guard: "`bench/ingest` µs/event and `bench/flags-http` µs/request within 5% of the tree before,
 * same run". Checks out the baseline revision in a temporary worktree (baseline-worktree.ts) and runs each
 * bench against its server and the current tree's alternately, baseline then current, round after round, so
 * that whatever else loads the machine falls on both sides alike. The headline is server CPU per unit of work.
 *
 *   node --import tsx bench/regression/run.ts --baseline <git-rev> [--bench ingest|flags-http|both]
 *     [--rounds 3] [--seconds 15] [--warmup <s>] [--no-write]
 *
 * --warmup defaults to each bench's own. Writes `## Regression vs <rev> (bench/regression)` into
 * bench/RESULTS.md (replacing an earlier one) unless --no-write; exits 1 when a bench is not within 5%.
 */

const { values: args } = parseArgs({
  options: {
    baseline: { type: 'string' },
    bench: { type: 'string', default: 'both' },
    rounds: { type: 'string', default: '3' },
    seconds: { type: 'string', default: '15' },
    warmup: { type: 'string' },
    'no-write': { type: 'boolean', default: false },
  },
});

const ROUNDS = Number(args.rounds);
const SECONDS = Number(args.seconds);
const WARMUP = args.warmup === undefined ? undefined : Number(args.warmup);
const BENCHES: BenchName[] =
  args.bench === 'both' ? ['ingest', 'flags-http'] : args.bench === 'ingest' ? ['ingest'] : ['flags-http'];
if (!args.baseline) throw new Error('--baseline <git-rev> is required');
if (!['both', 'ingest', 'flags-http'].includes(args.bench)) throw new Error(`unknown --bench ${args.bench}`);
if (!Number.isInteger(ROUNDS) || ROUNDS < 1) throw new Error(`--rounds must be a positive integer`);
if (!(SECONDS > 0) || (WARMUP !== undefined && !(WARMUP >= 0)))
  throw new Error('--seconds must be > 0 and --warmup ≥ 0');

let baseline: Baseline | undefined;

// An interrupted run must not leave the worktree (git keeps a record of it) or a server behind.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping the bench and removing the baseline worktree`);
    killRunningBench();
    if (baseline) removeBaseline(baseline);
    process.exit(signal === 'SIGINT' ? 130 : 143);
  });
}

async function measure(bench: BenchName, root: Baseline): Promise<Pair<BenchSummary>[]> {
  const pairs: Pair<BenchSummary>[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    const run = (side: 'baseline' | 'current', serverRoot: string) => {
      console.log(`\n── bench/${bench}, round ${round}/${ROUNDS}: ${side}`);
      return runBench({ bench, serverRoot, seconds: SECONDS, warmup: WARMUP, prefix: `  ${side} │ ` });
    };
    const a = await run('baseline', root.dir);
    const b = await run('current', REPO_ROOT);
    pairs.push({
      round,
      baseline: a.summary,
      current: b.summary,
      failed: a.exitCode !== 0 || b.exitCode !== 0,
    });
  }
  return pairs;
}

const isIngest = (p: Pair<BenchSummary>): p is Pair<IngestSummary> =>
  p.baseline.bench === 'ingest' && p.current.bench === 'ingest';
const isFlagsHttp = (p: Pair<BenchSummary>): p is Pair<FlagsHttpSummary> =>
  p.baseline.bench === 'flags-http' && p.current.bench === 'flags-http';

function outcome(bench: BenchName, pairs: Pair<BenchSummary>[]): BenchOutcome {
  return bench === 'ingest'
    ? benchSection('bench/ingest', 'event', INGEST_METRICS, pairs.filter(isIngest))
    : benchSection('bench/flags-http', 'request', FLAGS_HTTP_METRICS, pairs.filter(isFlagsHttp));
}

function describe(b: Baseline): string {
  return (
    `Baseline: \`${b.rev}\` = \`${b.sha.slice(0, 12)}\` (“${b.subject}”), checked out in a temporary worktree ` +
    `that shares this checkout's node_modules except its own workspace packages (${b.resolved.join(', ') || 'none'})` +
    `${b.lockfileDiffers ? '; **its package-lock.json differs from the current one, so it ran on the current dependency versions**' : ''}. ` +
    `Current: ${describeWorkingTree()}.`
  );
}

async function main(): Promise<void> {
  const loadBefore = loadavg();
  const rev = args.baseline ?? '';
  const checkout = createBaseline(rev);
  baseline = checkout;
  console.log(`baseline ${rev} = ${checkout.sha} in ${checkout.dir}\n  ${checkout.resolved.join('\n  ')}`);
  const outcomes: [BenchName, BenchOutcome][] = [];
  try {
    for (const bench of BENCHES) outcomes.push([bench, outcome(bench, await measure(bench, checkout))]);
  } finally {
    removeBaseline(checkout);
    baseline = undefined;
  }

  const command = `node --import tsx bench/regression/run.ts ${process.argv.slice(2).join(' ')}`.trim();
  const workload =
    `Each round runs the baseline's server, then the current one, back to back (A B A B …), ${ROUNDS} round(s) ` +
    `per bench, ${SECONDS} s measured after ${WARMUP === undefined ? "each bench's default" : `${WARMUP} s of`} ` +
    "warm-up, each on a fresh data folder. Both sides get this checkout's bench code (the same load generator " +
    `and seed): ${BENCHES.map((b) => `\`bench/${b}/run.ts ${benchArgs(b, SECONDS, WARMUP).join(' ')}\``).join(' and ')}` +
    ' (flags-http: its steady-state run, identities in memory). **Headline: µs of server CPU per event stored / ' +
    'per request answered** (user + system, all threads, from /proc): other jobs on a shared machine take ' +
    'wall-clock time from the server far more than they change the CPU it spends per unit, so this is steadier ' +
    'than events/s, req/s or p99, which are shown too. current/baseline above 1 means more CPU per unit and ' +
    'a longer p99, but a higher rate for events/s and req/s. The median row’s ratio is the median of the ' +
    'per-round ratios.';
  const allWithin = outcomes.every(([, o]) => o.within);
  const body = [
    `### ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}`,
    '',
    describe(checkout),
    '',
    environment(command, loadBefore, workload),
    ...outcomes.flatMap(([bench, o]) => ['', `#### bench/${bench}`, '', o.markdown]),
    '',
    `**Verdict: ${allWithin ? 'within 5%' : 'not within 5%'}** of \`${rev}\` ` +
      `(server CPU per unit, median of ${ROUNDS} round(s)).`,
  ].join('\n');
  const heading = `## Regression vs ${rev} (bench/regression)`;
  console.log(`\n${heading}\n\n${body}\n`);
  if (!args['no-write']) {
    writeSection(path.join(REPO_ROOT, 'bench/RESULTS.md'), heading, body);
    console.log('written to bench/RESULTS.md');
  }
  if (!allWithin) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
