import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from '../ingest/server-process.ts';
import { type BenchSummary, findSummary } from './bench-summary.ts';

export type BenchName = BenchSummary['bench'];

export interface BenchRun {
  summary: BenchSummary;
  exitCode: number | null;
}

const SCRIPTS: Record<BenchName, string> = {
  ingest: 'bench/ingest/run.ts',
  'flags-http': 'bench/flags-http/run.ts',
};

// Only the part that depends on the server's revision: the raw-appender ceiling (ingest) and the raw HTTP and
// Unleash targets (flags-http) would add minutes per run and measure the same thing on both sides.
const FIXED_ARGS: Record<BenchName, string[]> = {
  ingest: ['--raw', 'none'],
  'flags-http': ['--only', 'signpost', '--skip-unleash', '--skip-ofrep'],
};

let running: ChildProcess | undefined;

/** The argument list `runBench` passes, for the report. */
export function benchArgs(bench: BenchName, seconds: number, warmup: number | undefined): string[] {
  return [
    ...FIXED_ARGS[bench],
    '--seconds',
    String(seconds),
    ...(warmup === undefined ? [] : ['--warmup', String(warmup)]),
    '--no-write',
    '--json',
  ];
}

/**
 * One run of a bench from this checkout (so both sides get the same load generator and seed) against the
 * server of `serverRoot`. Its output is echoed with a prefix; the last line is its JSON summary.
 */
export function runBench(options: {
  bench: BenchName;
  serverRoot: string;
  seconds: number;
  warmup: number | undefined;
  prefix: string;
}): Promise<BenchRun> {
  const { bench, serverRoot, seconds, warmup, prefix } = options;
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      SCRIPTS[bench],
      ...benchArgs(bench, seconds, warmup),
      '--server-root',
      path.resolve(serverRoot),
    ],
    // Its own process group, so an interrupted regression run can stop the bench with its server and load
    // workers in one signal (killRunningBench) instead of leaving the server behind.
    { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'], detached: true },
  );
  running = child;
  let stdout = '';
  let pending = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    const text = chunk.toString();
    stdout += text;
    const lines = (pending + text).split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) console.log(`${prefix}${line}`);
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (exitCode) => {
      running = undefined;
      if (pending) console.log(`${prefix}${pending}`);
      try {
        resolve({ summary: findSummary(stdout, bench), exitCode });
      } catch (error) {
        reject(new Error(`bench/${bench} against ${serverRoot} exited with ${exitCode}: ${String(error)}`));
      }
    });
  });
}

/** Stops the bench in progress, if any, with everything it started. */
export function killRunningBench(): void {
  const pid = running?.pid;
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGTERM');
  } catch {
    // Already gone.
  }
}
