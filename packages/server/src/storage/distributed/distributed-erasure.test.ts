import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { loadConfig } from '../../config.ts';
import {
  anonymiseScenario,
  type ErasureTarget,
  eraseScenario,
  eventsOnlyScenario,
} from '../../erasure/erasure-scenario.test-kit.ts';
import { createSignpost, type Signpost } from '../../server.ts';
import {
  acquireClickHouseCluster,
  releaseClickHouseCluster,
} from '../../testing/clickhouse/shared-cluster.ts';
import { type PostgresCluster, startPostgresCluster } from '../../testing/postgres/postgres-cluster.ts';
import { silentLogger } from '../../util/logger.ts';
import { openDistributedStorage } from './open-distributed-storage.ts';

// Issue 15 §1 on PostgreSQL (identities) + the 2×2 ClickHouse test cluster (events, sharded by distinct id; the
// identity copies on every node): the same scenarios as on DuckDB, through posthog-node and the HTTP API.

const PROJECT_KEY = 'phc_erasure_distributed_key';
const PERSONAL_KEY = 'phx_erasure_distributed_key';

let pg: PostgresCluster;
let signpost: Signpost;
let server: ReturnType<typeof serve>;
let target: ErasureTarget;

describe('person erasure in distributed mode', () => {
  beforeAll(async () => {
    pg = await startPostgresCluster();
    const ch = await acquireClickHouseCluster();
    const config = loadConfig({
      SIGNPOST_PROJECT_API_KEY: PROJECT_KEY,
      SIGNPOST_PERSONAL_API_KEY: PERSONAL_KEY,
      SIGNPOST_DATABASE_URL: await pg.createDatabase(),
      SIGNPOST_CLICKHOUSE_URL: ch.nodes[0]?.url ?? '',
      SIGNPOST_CLICKHOUSE_NODES: ch.nodes.map((n) => n.url).join(','),
      SIGNPOST_CLICKHOUSE_CLUSTER: ch.cluster,
      SIGNPOST_CLICKHOUSE_DATABASE: `erasure_${randomBytes(4).toString('hex')}`,
    });
    if (!config.distributed) throw new Error('distributed settings missing');
    const storage = await openDistributedStorage(config.distributed, silentLogger);
    signpost = await createSignpost({ config, storage, logger: silentLogger });
    server = serve({ fetch: signpost.app.fetch, hostname: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    target = { url, projectKey: PROJECT_KEY, personalKey: PERSONAL_KEY, analytics: true };
  }, 120_000);

  afterAll(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await signpost?.close();
    await releaseClickHouseCluster();
    await pg?.stop();
  });

  it(
    'erase removes the merged person, its events in every shard and its static cohort membership',
    () => eraseScenario(target),
    60_000,
  );

  it(
    'anonymise rewrites the events (counts unchanged) and leaves no trace of the ids',
    () => anonymiseScenario(target),
    60_000,
  );

  it('events_only removes the events and keeps the person', () => eventsOnlyScenario(target), 60_000);
});
