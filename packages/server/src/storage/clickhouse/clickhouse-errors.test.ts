import { createServer } from 'node:net';
import { type ClickHouseClient, createClient } from '@clickhouse/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../errors/app-error.ts';
import { queryClient } from '../../insights/query-test-kit.ts';
import type { QueryRunner } from '../../query/query-runner.ts';
import { apiClient } from '../../testing/api-client.ts';
import {
  acquireClickHouseCluster,
  releaseClickHouseCluster,
} from '../../testing/clickhouse/shared-cluster.ts';
import { type InProcess, inProcess } from '../../testing/in-process.ts';
import { createLogger, type Logger, silentLogger } from '../../util/logger.ts';
import { ClickHouseEventExportStore } from './clickhouse-event-export-store.ts';
import { ClickHouseEventStore } from './clickhouse-event-store.ts';
import { ClickHouseQueryRunner } from './clickhouse-query-runner.ts';
import type { ClickHouseTopology } from './clickhouse-topology.ts';

const SKIP = process.env.SIGNPOST_TEST_CLICKHOUSE === '0';
const TOPOLOGY: ClickHouseTopology = { database: 'signpost', cluster: 'signpost', replicated: false };
const TRENDS = { kind: 'TrendsQuery', series: [{ kind: 'EventsNode', event: 'a' }] };
const RUN = { timeoutMs: 10_000 };

/** A loopback port nothing listens on: bound, read, and released again. */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/**
 * Signpost on DuckDB whose insight queries, events API and exports go to the given ClickHouse client. The
 * start-up read of recent uuids stays on DuckDB, so the server starts whatever state ClickHouse is in.
 */
function onClickHouse(
  client: ClickHouseClient,
  runner: QueryRunner = new ClickHouseQueryRunner(client),
  logger: Logger = silentLogger,
) {
  const events = new ClickHouseEventStore(client, TOPOLOGY);
  return inProcess('duckdb', {}, logger, (storage) => ({
    ...storage,
    analytics: runner,
    events: {
      listEvents: (q) => events.listEvents(q),
      recentEventUuids: (n) => storage.events.recentEventUuids(n),
      recentEventUuidPages: (n) => storage.events.recentEventUuidPages(n),
      storedEventUuids: (p, uuids) => storage.events.storedEventUuids(p, uuids),
    },
    eventExport: new ClickHouseEventExportStore(client, TOPOLOGY),
  }));
}

describe('ClickHouse unreachable', () => {
  let server: InProcess;
  let client: ClickHouseClient;
  beforeAll(async () => {
    client = createClient({ url: `http://127.0.0.1:${await closedPort()}` });
    server = await onClickHouse(client);
  });
  afterAll(async () => {
    await server?.stop();
    await client?.close();
  });

  it('answers insight queries, the events API and exports with 503 STORAGE_UNAVAILABLE', async () => {
    const insight = await queryClient(server)(TRENDS);
    expect(insight.status).toBe(503);
    expect(insight.json).toMatchObject({ code: 'STORAGE_UNAVAILABLE', type: 'server_error' });
    const api = apiClient(server.signpost);
    for (const path of ['/api/projects/@current/events', '/api/projects/@current/events/export?format=csv']) {
      const res = await api.get(path);
      expect(res.status, path).toBe(503);
      expect(res.json, path).toMatchObject({ code: 'STORAGE_UNAVAILABLE' });
    }
  });
});

describe.skipIf(SKIP)('ClickHouse failures on the 2×2 cluster', () => {
  let client: ClickHouseClient;
  let runner: ClickHouseQueryRunner;
  beforeAll(async () => {
    const cluster = await acquireClickHouseCluster();
    client = createClient({ url: cluster.nodes[0]?.url ?? '' });
    runner = new ClickHouseQueryRunner(client);
  });
  afterAll(async () => {
    await client?.close();
    await releaseClickHouseCluster();
  });

  it('maps the server running out of memory, slots or shards to STORAGE_UNAVAILABLE', async () => {
    await expect(
      runner.run(
        'SELECT groupArray(number) FROM numbers(10000000) SETTINGS max_memory_usage = 1000000',
        [],
        RUN,
      ),
    ).rejects.toMatchObject({ code: 'STORAGE_UNAVAILABLE' });
    // A query holds the only slot the user has; the next one is refused (TOO_MANY_SIMULTANEOUS_QUERIES).
    const busy = runner.run('SELECT sleep(1.5)', [], RUN);
    await new Promise((r) => setTimeout(r, 400));
    await expect(
      runner.run('SELECT 1 SETTINGS max_concurrent_queries_for_user = 1', [], RUN),
    ).rejects.toMatchObject({ code: 'STORAGE_UNAVAILABLE' });
    await busy;
    const port = await closedPort();
    await expect(
      runner.run(`SELECT * FROM remote('127.0.0.1:${port}', system.one)`, [], RUN),
    ).rejects.toMatchObject({ code: 'STORAGE_UNAVAILABLE' });
  });

  it('keeps a bug in our SQL a 500 (logged), not a retryable 503', async () => {
    const bug = await runner.run('SELECT no_such_function(1)', [], RUN).catch((e: unknown) => e);
    expect(bug).not.toBeInstanceOf(AppError);
    expect(String(bug)).toMatch(/no_such_function/);
    const logged: string[] = [];
    const server = await onClickHouse(
      client,
      {
        dialect: 'clickhouse',
        run: (_sql, _values, options) => runner.run('SELECT no_such_function(1)', [], options),
      },
      createLogger('error', (line) => logged.push(line)),
    );
    try {
      const res = await queryClient(server)(TRENDS);
      expect(res.status).toBe(500);
      expect(res.json).toMatchObject({ code: 'INTERNAL_ERROR' });
    } finally {
      await server.stop();
    }
    expect(logged.join('\n')).toMatch(/no_such_function/);
  });
});
