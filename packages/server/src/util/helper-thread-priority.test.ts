import { spawnSync } from 'node:child_process';
import { getPriority } from 'node:os';
import { expect, it } from 'vitest';

// A process of its own: the test runner's threads must keep their priority.
const CHILD = `
import { readdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { lowerHelperThreadPriority } from ${JSON.stringify(new URL('./helper-thread-priority.ts', import.meta.url).pathname)};
await readFile(process.execPath); // starts libuv's thread pool
const changed = lowerHelperThreadPriority(7);
// Field 19 of /proc/self/task/<tid>/stat is the thread's nice value (17th after the parenthesised name).
const nice = (tid) => { const s = readFileSync('/proc/self/task/' + tid + '/stat', 'utf8'); return Number(s.slice(s.lastIndexOf(')') + 2).split(' ')[16]); };
const threads = readdirSync('/proc/self/task').map((t) => ({ main: Number(t) === process.pid, nice: nice(t) }));
console.log(JSON.stringify({ changed, threads }));
`;

it.runIf(process.platform === 'linux')('lowers every thread of the process but the main one', () => {
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', CHILD], {
    encoding: 'utf8',
  });
  expect(run.stderr).toBe('');
  const { changed, threads } = JSON.parse(run.stdout) as {
    changed: number;
    threads: { main: boolean; nice: number }[];
  };
  const main = threads.filter((t) => t.main);
  const helpers = threads.filter((t) => !t.main);
  expect(main).toHaveLength(1);
  // libuv's pool alone is four threads, V8 adds its own.
  expect(helpers.length).toBeGreaterThanOrEqual(4);
  expect(changed).toBe(helpers.length);
  expect(helpers.every((t) => t.nice === 7)).toBe(true);
  expect(main[0]?.nice).toBe(getPriority());
});
