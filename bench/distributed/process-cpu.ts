import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU of processes this bench did not start itself (the ClickHouse nodes the test cluster spawns, PostgreSQL's
 * postmaster and its backends), found in /proc by their command line. On a machine shared with other jobs the
 * CPU each process used says more than wall time: it is what the same work would cost on a machine of its own.
 */

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

interface ProcStat {
  ppid: number;
  /** utime + stime, seconds. */
  own: number;
  /** cutime + cstime: children that exited and were reaped, seconds. */
  reaped: number;
}

function stat(pid: number): ProcStat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // After "pid (comm) ": state ppid … utime(14) stime(15) cutime(16) cstime(17), 1-based in proc(5).
    const f = text
      .slice(text.lastIndexOf(')') + 2)
      .split(' ')
      .map(Number);
    const at = (i: number) => f[i] ?? 0;
    return {
      ppid: at(1),
      own: (at(11) + at(12)) / TICKS_PER_SECOND,
      reaped: (at(13) + at(14)) / TICKS_PER_SECOND,
    };
  } catch {
    return undefined;
  }
}

function pids(): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number);
}

function argv(pid: number): string[] {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
  } catch {
    return [];
  }
}

/** Processes whose argument list holds `flag` immediately followed by `value` (e.g. `--http_port 8123`). */
export function pidsWithArgument(flag: string, value: string): number[] {
  return pids().filter((pid) => {
    const args = argv(pid);
    return args.some((a, i) => a === flag && args[i + 1] === value);
  });
}

/**
 * CPU seconds used so far by `roots`, their reaped children and their live children. A PostgreSQL backend
 * that exits moves its CPU from "live child" into the postmaster's reaped total, so the sum stays whole.
 */
export function treeCpuSeconds(roots: readonly number[]): number {
  const rootSet = new Set(roots);
  let total = 0;
  for (const pid of pids()) {
    const s = stat(pid);
    if (!s) continue;
    if (rootSet.has(pid)) total += s.own + s.reaped;
    else if (rootSet.has(s.ppid)) total += s.own;
  }
  return total;
}
