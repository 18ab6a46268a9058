import { readdirSync } from 'node:fs';
import { setPriority } from 'node:os';

/**
 * Lowers the scheduling priority of every thread of this process except the main one, and returns how many
 * it changed. The main thread answers `/flags`; the others run DuckDB statements (libuv's pool and DuckDB's
 * own workers, which inherit the value from the pool thread that starts them), gunzip and file I/O, and V8's
 * background work. On 2 cores four of those busy on a dashboard query leave the main thread a third of a core
 * and a wait behind each time slice; at a higher nice value the kernel lets the main thread run first as soon
 * as a request arrives, and the helpers still get every cycle it leaves (bench/flags-http/isolation-run.ts).
 *
 * Linux only (a thread id is a valid `setpriority` target there); elsewhere, or when the process may not
 * change it, nothing happens. Threads started later by the main thread keep its priority.
 */
export function lowerHelperThreadPriority(nice: number): number {
  if (nice <= 0 || process.platform !== 'linux') return 0;
  let tasks: string[];
  try {
    tasks = readdirSync('/proc/self/task');
  } catch {
    return 0;
  }
  let changed = 0;
  for (const task of tasks) {
    const tid = Number(task);
    if (tid === process.pid) continue;
    try {
      setPriority(tid, nice);
      changed += 1;
    } catch {
      // the thread has ended meanwhile, or the process may not change it: leave it as it is
    }
  }
  return changed;
}
