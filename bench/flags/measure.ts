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

/** Wall-clock and CPU seconds that `work` takes. */
async function timed(work: () => Promise<void>): Promise<[number, number]> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  await work();
  const wall = (performance.now() - start) / 1000;
  const used = process.cpuUsage(cpu);
  return [wall, (used.user + used.system) / 1e6];
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
    const [wall, cpu] = await timed(async () => {
      sink += await round();
    });
    rates.push(operationsPerRound / wall);
    cpuRates.push(operationsPerRound / cpu);
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
      const [wall, cpu] = await timed(async () => {
        sink += await system.round();
      });
      rates.get(system)!.wall.push(system.evaluationsPerRound / wall);
      rates.get(system)!.cpu.push(system.evaluationsPerRound / cpu);
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
