import type { LoadRequest } from '../flags-http/load-generator.ts';
import { loadTarget, type TargetMeasurement } from '../flags-http/load-target.ts';
import { makeCompanies, makeUsers } from '../flags-http/population.ts';
import { checkAnswers } from '../flags-http/sanity.ts';
import { seed } from '../flags-http/seed.ts';
import type { ServerProcess } from '../ingest/server-process.ts';
import type { Backends } from './backends.ts';
import {
  PERSONAL_KEY,
  PROJECT_KEY,
  startDistributedNodes,
  startDuckDbNode,
  stopNode,
} from './signpost-nodes.ts';

/**
 * Issue 13, `/flags` per node: bench/flags-http's seed (20 flags, stored persons, groups and cohorts) and load
 * (posthog-js-shaped gzipped bodies from autocannon in its own process) against a DuckDB Signpost and against
 * each of two distributed nodes. The data goes in through node A only; node B must answer the same from
 * PostgreSQL and the change feed.
 */

export interface FlagsOptions {
  seconds: number;
  warmup: number;
  connections: number;
}

export interface FlagsResult {
  rows: TargetMeasurement[];
  notes: string[];
}

/** Node B learns of A's flags and cohorts through the change feed: ask until it answers like A (≤ 10 s). */
async function checkEventually(check: () => Promise<string>): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

export async function runFlagsScenario(
  dir: string,
  backends: Backends,
  options: FlagsOptions,
): Promise<FlagsResult> {
  const users = makeUsers();
  const companies = makeCompanies();
  const notes: string[] = [];
  const servers: ServerProcess[] = [];
  try {
    const duck = await startDuckDbNode(dir);
    servers.push(duck);
    const store = await backends.newStore();
    const [a, b] = await startDistributedNodes(dir, backends, store, 2);
    if (!a || !b) throw new Error('two distributed nodes did not start');
    servers.push(a, b);
    const seeding = { projectKey: PROJECT_KEY, personalKey: PERSONAL_KEY, users, companies };
    const [duckSeed, distSeed] = await Promise.all([
      seed({ url: duck.url, ...seeding }),
      seed({ url: a.url, ...seeding }),
    ]);
    const flagKeys = duckSeed.flagKeys;
    if (distSeed.flagKeys.join() !== flagKeys.join())
      throw new Error(`flag keys differ: ${flagKeys.join()} vs ${distSeed.flagKeys.join()}`);
    for (const url of [duck.url, a.url, b.url])
      await checkEventually(() => checkAnswers({ url, token: PROJECT_KEY, users, companies, flagKeys }));
    console.log(
      `seeded ${duckSeed.persons} persons, ${duckSeed.groups} groups, ${flagKeys.length} flags into DuckDB and ` +
        'node A; all three answer as seeded',
    );

    const load = (url: string, mode: LoadRequest['mode'] = 'timed'): LoadRequest => ({
      kind: 'posthog',
      url,
      token: PROJECT_KEY,
      connections: options.connections,
      mode,
      warmupSeconds: options.warmup,
      seconds: options.seconds,
      encoding: 'gzip',
      flagKeys,
    });
    const rows: TargetMeasurement[] = [];
    console.log('node B: each distinct id once (stored through node A)…');
    rows.push(
      await loadTarget(
        'Distributed node B, first request of each distinct id (data stored through node A)',
        b.pid,
        load(b.url, 'once'),
      ),
    );
    const steady: [string, ServerProcess][] = [
      ['DuckDB server, steady state', duck],
      ['Distributed node A (took the seed), steady state', a],
      ['Distributed node B, steady state', b],
      // Once more at the end, so the comparison brackets the distributed runs on a machine whose load drifts.
      ['DuckDB server, steady state again', duck],
    ];
    for (const [name, server] of steady) {
      console.log(`${name}: ${options.warmup} s warm-up, ${options.seconds} s measured…`);
      rows.push(await loadTarget(name, server.pid, load(server.url)));
    }
    return { rows, notes };
  } finally {
    for (const s of servers) {
      const problem = await stopNode(s);
      if (problem) notes.push(problem);
    }
  }
}
