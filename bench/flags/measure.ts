/** Timing: warm-up, then the median of N timed rounds. */
import { performance } from 'node:perf_hooks';

export type FlagValue = boolean | string | null | undefined;

/** One system under test, already configured with the workload. */
export interface System {
  name: string;
  /** How it was called, for the report. */
  how: string;
  /** Evaluates both flags for every user; returns a checksum so the work cannot be optimised away. */
  round(): number | Promise<number>;
  /** Evaluations one round performs. */
  evaluationsPerRound: number;
  /** Flag A and flag B for user `index`, for agreement and sanity checks. */
  values(index: number): Promise<[FlagValue, FlagValue]>;
  close?(): Promise<void>;
}

export interface Measurement {
  name: string;
  how: string;
  /** Operations per second of wall-clock time, median of the timed rounds. */
  perSecond: number;
  rounds: number[];
  /** Operations per second of this process's CPU time (all threads), median: less sensitive to other load. */
  perCpuSecond: number;
}

export interface MeasureOptions {
  rounds?: number;
  /** Warm up for at least this long (and at least one round). */
  warmupMs?: number;
}

/**
 * A timed round repeats the workload pass until at least this long has passed. A pass takes ~5 ms for the
 * fastest systems and ~1 s for the slowest; without a floor, a single preemption by another process (a
 * scheduler slice is several ms) decides a fast system's round, and CPU-time accounting is as coarse.
 */
const MIN_ROUND_MS = 250;

/** Operations per second of wall-clock and of CPU time over one timed round of `pass` (≥ MIN_ROUND_MS). */
async function timedRound(
  operationsPerPass: number,
  pass: () => number | Promise<number>,
): Promise<{ wall: number; cpu: number; sink: number }> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  let sink = 0;
  let operations = 0;
  do {
    sink += await pass();
    operations += operationsPerPass;
  } while (performance.now() - start < MIN_ROUND_MS);
  const wall = (performance.now() - start) / 1000;
  const used = process.cpuUsage(cpu);
  return { wall: operations / wall, cpu: operations / ((used.user + used.system) / 1e6), sink };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export async function measure(
  name: string,
  how: string,
  operationsPerRound: number,
  round: () => number | Promise<number>,
  { rounds = 5, warmupMs = 1000 }: MeasureOptions = {},
): Promise<Measurement> {
  let sink = 0;
  const warmupStart = performance.now();
  do sink += await round();
  while (performance.now() - warmupStart < warmupMs);
  const rates: number[] = [];
  const cpuRates: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const timed = await timedRound(operationsPerRound, round);
    sink += timed.sink;
    rates.push(timed.wall);
    cpuRates.push(timed.cpu);
  }
  if (sink === -1) console.log('unreachable');
  return { name, how, perSecond: median(rates), rounds: rates, perCpuSecond: median(cpuRates) };
}

/**
 * Warms every system up, then runs the timed rounds interleaved (one round of each system per pass), so a
 * burst of load from elsewhere on the machine hits all systems alike instead of one.
 */
export async function measureInterleaved(
  systems: System[],
  { rounds = 5, warmupMs = 1000 }: MeasureOptions = {},
  onPass?: (pass: number) => void,
): Promise<Map<System, Measurement>> {
  let sink = 0;
  for (const system of systems) {
    const start = performance.now();
    do sink += await system.round();
    while (performance.now() - start < warmupMs);
  }
  const rates = new Map<System, { wall: number[]; cpu: number[] }>(
    systems.map((s) => [s, { wall: [], cpu: [] }]),
  );
  for (let pass = 0; pass < rounds; pass++) {
    for (const system of systems) {
      const timed = await timedRound(system.evaluationsPerRound, () => system.round());
      sink += timed.sink;
      rates.get(system)!.wall.push(timed.wall);
      rates.get(system)!.cpu.push(timed.cpu);
    }
    onPass?.(pass);
  }
  if (sink === -1) console.log('unreachable');
  const out = new Map<System, Measurement>();
  for (const [system, r] of rates) {
    const perCpuSecond = median(r.cpu);
    out.set(system, {
      name: system.name,
      how: system.how,
      perSecond: median(r.wall),
      rounds: r.wall,
      perCpuSecond,
    });
  }
  return out;
}
