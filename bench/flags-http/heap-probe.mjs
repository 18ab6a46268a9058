// Preloaded into the bench's server (`--expose-gc --import heap-probe.mjs`): on SIGUSR2 it collects garbage and
// writes process.memoryUsage() to $BENCH_HEAP_FILE, so the bench can read the heap of a process it only spawned.
// Plain JavaScript because it loads before tsx does. Bench-only: the server never ships with it.
import { writeFileSync } from 'node:fs';

const file = process.env.BENCH_HEAP_FILE;
if (file) {
  process.on('SIGUSR2', () => {
    globalThis.gc?.();
    globalThis.gc?.();
    writeFileSync(file, JSON.stringify({ at: Date.now(), ...process.memoryUsage() }));
  });
}
