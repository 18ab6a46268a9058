/**
 * Runs each measurement in a fresh child process, so no system pays for another's heap, garbage or JIT
 * state. The child prints one JSON line: its measurements and a fingerprint of all its results.
 * `signpost-createhash` sends every engine key through `node:crypto` `createHash`, the engine's backend
 * before its one-block SHA-1 path (a what-if: same answers, the old hash cost).
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Measurement, System } from './measure.ts';
import type { User } from './workload.ts';

export const ISOLATED = [
  'signpost-server',
  'signpost-local',
  'signpost-all',
  'signpost-createhash',
  'growthbook',
  'unleash',
  'posthog-node',
  'sha1',
] as const;
export type IsolatedId = (typeof ISOLATED)[number];

export interface IsolatedRun {
  id: IsolatedId;
  measurements: Measurement[];
  fingerprint?: string;
}

export function runIsolated(id: IsolatedId): IsolatedRun {
  const file = fileURLToPath(import.meta.url);
  const out = execFileSync(process.execPath, ['--import', 'tsx', file, '--child', id], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  return JSON.parse(out.trim().split('\n').pop()!) as IsolatedRun;
}

async function build(id: IsolatedId, users: User[]): Promise<System> {
  const signpost = await import('./signpost.ts');
  switch (id) {
    case 'signpost-server':
      return signpost.signpostEvaluate(users, 'server');
    case 'signpost-local':
      return signpost.signpostEvaluate(users, 'local');
    case 'signpost-all':
      return signpost.signpostEvaluateAll(users, 'server');
    case 'signpost-createhash': {
      const system = signpost.signpostEvaluate(users, 'server');
      system.name = 'Signpost `evaluate` (server mode), every key through `createHash` (what-if)';
      return system;
    }
    case 'growthbook':
      return (await import('./growthbook.ts')).growthbook(users);
    case 'unleash':
      return (await import('./unleash.ts')).unleash(users);
    default:
      return (await import('./posthog-node.ts')).posthogNode(users);
  }
}

async function child(id: IsolatedId): Promise<IsolatedRun> {
  if (id === 'signpost-createhash') {
    const { useNodeCryptoForEveryKey } = await import('../../packages/flags-engine/src/hash.ts');
    if (!useNodeCryptoForEveryKey(true)) throw new Error('node:crypto is not available');
  }
  const { makeUsers } = await import('./workload.ts');
  const users = makeUsers();
  if (id === 'sha1') return { id, measurements: await (await import('./sha1.ts')).sha1Floor(users) };
  const { measureInterleaved } = await import('./measure.ts');
  const { fingerprint } = await import('./checks.ts');
  const system = await build(id, users);
  const measurement = (await measureInterleaved([system])).get(system)!;
  const print = await fingerprint(system, users.length);
  await system.close?.();
  return { id, measurements: [measurement], fingerprint: print };
}

const at = process.argv.indexOf('--child');
if (at > 0) {
  const id = process.argv[at + 1] as IsolatedId;
  if (!ISOLATED.includes(id)) throw new Error(`unknown system ${id}`);
  console.log(JSON.stringify(await child(id)));
  process.exit(0);
}
