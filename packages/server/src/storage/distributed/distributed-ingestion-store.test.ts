import { randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { type ClickHouseClient, ClickHouseLogLevel, createClient } from '@clickhouse/client';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncomingEvent, StoredEvent } from '../../events/event.ts';
import { IngestionQueue } from '../../ingestion/ingestion-queue.ts';
import type { WriteSet } from '../../ingestion/write-set.ts';
import { personIdFor } from '../../persons/person-processor.ts';
import {
  acquireClickHouseCluster,
  releaseClickHouseCluster,
} from '../../testing/clickhouse/shared-cluster.ts';
import { type PostgresCluster, startPostgresCluster } from '../../testing/postgres/postgres-cluster.ts';
import { silentLogger } from '../../util/logger.ts';
import { ClickHouseEventWriter } from '../clickhouse/clickhouse-event-writer.ts';
import { migrateClickHouse } from '../clickhouse/clickhouse-migrate.ts';
import type { ClickHouseTopology } from '../clickhouse/clickhouse-topology.ts';
import { CHANNELS, decodeIdentityChange } from '../postgres/change-channels.ts';
import { migrate } from '../postgres/migrations.ts';
import { PostgresDatabase } from '../postgres/postgres-database.ts';
import { PostgresGroupStore } from '../postgres/postgres-group-store.ts';
import { PostgresPersonStore } from '../postgres/postgres-person-store.ts';
import { type ClickHouseSink, DistributedIngestionStore } from './distributed-ingestion-store.ts';

const SKIP = process.env.SIGNPOST_TEST_CLICKHOUSE === '0';

let n = 0;
const ev = (event: string, distinctId: string, properties: Record<string, unknown>): IncomingEvent => ({
  uuid: randomUUID(),
  event,
  distinctId,
  properties,
  timestamp: new Date(Date.UTC(2026, 0, 1, 0, 0, ++n % 60)),
});

/** One commit as a queue would build it for a distinct id seen for the first time. */
const firstVisit = (distinctId: string): WriteSet => {
  const id = personIdFor(1, distinctId);
  const at = new Date('2026-01-01T00:00:00Z');
  const event: StoredEvent = {
    uuid: randomUUID(),
    projectId: 1,
    event: 'visit',
    distinctId,
    personId: id,
    timestamp: at,
    createdAt: at,
    properties: {},
    groups: ['', '', '', '', ''],
  };
  const person = {
    id,
    projectId: 1,
    createdAt: at,
    properties: {},
    isIdentified: false,
    version: 0,
    distinctIds: [],
  };
  return {
    events: [event],
    persons: [{ person, deleted: false }],
    distinctIds: [{ projectId: 1, distinctId, personId: id, version: 1 }],
    groups: [],
    groupTypes: [],
    bases: { persons: new Map(), distinctIds: new Map(), groups: new Map() },
  };
};

const closedPort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 1));
    });
  });

/** A LISTEN connection collecting what arrives on both ingestion channels. */
async function listen(
  url: string,
): Promise<{ received: { channel: string; payload: string }[]; end(): Promise<void> }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const received: { channel: string; payload: string }[] = [];
  client.on('notification', (m) => received.push({ channel: m.channel, payload: m.payload ?? '' }));
  await client.query(`LISTEN ${CHANNELS.identity}`);
  await client.query(`LISTEN ${CHANNELS.events}`);
  return { received, end: () => client.end() };
}

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(SKIP)('distributed ingestion: PostgreSQL identities around ClickHouse events', () => {
  let postgres: PostgresCluster;
  let topology: ClickHouseTopology;
  let chUrls: string[];
  const cleanup: (() => Promise<void>)[] = [];
  const ch = (): ClickHouseClient[] => {
    const clients = chUrls.map((url) => createClient({ url }));
    cleanup.push(() => Promise.all(clients.map((c) => c.close())).then(() => undefined));
    return clients;
  };
  const database = async () => {
    const url = await postgres.createDatabase();
    const db = PostgresDatabase.create(url, 4);
    cleanup.push(() => db.close());
    await migrate(db);
    return { url, db };
  };

  beforeAll(async () => {
    const [pgCluster, cluster] = await Promise.all([startPostgresCluster(), acquireClickHouseCluster()]);
    postgres = pgCluster;
    chUrls = cluster.nodes.map((node) => node.url);
    topology = {
      database: `sp_${randomBytes(5).toString('hex')}`,
      cluster: cluster.cluster,
      replicated: false,
    };
    await migrateClickHouse(topology, ch());
  });
  afterAll(async () => {
    for (const done of cleanup.reverse()) await done();
    await releaseClickHouseCluster();
    await postgres.stop();
  });

  async function node(url: string): Promise<{ queue: IngestionQueue; db: PostgresDatabase }> {
    // A pool of its own, as a second Signpost process would have.
    const db = PostgresDatabase.create(url, 4);
    const store = new DistributedIngestionStore(db, new ClickHouseEventWriter(topology, ch()));
    const queue = new IngestionQueue({
      ingestionStore: store,
      personStore: new PostgresPersonStore(db),
      groupStore: new PostgresGroupStore(db),
      logger: silentLogger,
      dedupWindow: 10_000,
      maxCommitEvents: 50,
    });
    await queue.start([]);
    cleanup.push(async () => {
      await queue.close();
      await db.close();
    });
    return { queue, db };
  }

  it('two nodes racing on the same users end with one person each, every update, every event once', async () => {
    const { url, db } = await database();
    const [a, b] = [(await node(url)).queue, (await node(url)).queue];
    const users = Array.from({ length: 60 }, (_, i) => `user-${i}`);
    await Promise.all(users.map((u) => b.submit(1, [ev('$pageview', `anon-${u}`, {})])));
    await Promise.all(users.map((u) => a.submit(1, [ev('$pageview', u, {})])));
    await Promise.all(
      users.flatMap((u, i) => [
        a.submit(1, [ev('$identify', u, { $anon_distinct_id: `anon-${u}`, $set: { plan: 'pro' } })]),
        b.submit(1, [ev('visit', `anon-${u}`, { $set: { seen_on_b: i } })]),
        b.submit(1, [ev('visit', u, { $set_once: { first_b: i } })]),
        a.submit(1, [
          ev('$groupidentify', u, { $group_type: i % 2 ? 'company' : 'team', $group_key: `g${i % 3}` }),
        ]),
      ]),
    );
    const persons = new PostgresPersonStore(db);
    for (const [i, u] of users.entries()) {
      const found = await persons.findPersonsByDistinctIds(1, [u, `anon-${u}`]);
      expect(found.map((p) => p.distinctIds)).toEqual([[`anon-${u}`, u].sort()]);
      expect(found[0]?.properties).toMatchObject({ plan: 'pro', seen_on_b: i, first_b: i });
    }
    const types = await new PostgresGroupStore(db).listGroupTypes(1);
    expect(new Set(types.map((t) => `${t.groupTypeIndex}:${t.groupType}`)).size).toBe(2);
    expect(new Set(types.map((t) => t.groupType))).toEqual(new Set(['team', 'company']));

    const [reader, lastNode] = [ch()[0] as ClickHouseClient, ch().at(-1) as ClickHouseClient];
    const query = async <T>(client: ClickHouseClient, sql: string) =>
      (await client.query({ query: sql, format: 'JSONEachRow' })).json<T>();
    // Refused commits never reached ClickHouse: not one duplicate row, not even before parts merge.
    const [counts] = await query<{ n: string; u: string }>(
      reader,
      `SELECT count() AS n, uniqExact(uuid) AS u FROM ${topology.database}.events WHERE project_id = 1`,
    );
    expect([Number(counts?.n), Number(counts?.u)]).toEqual([users.length * 6, users.length * 6]);
    // The copies carry PostgreSQL's versions, so argMax on any node picks the mapping PostgreSQL holds.
    const stored = await db.run(
      `SELECT distinct_id, person_id::text AS person_id FROM person_distinct_ids WHERE project_id = 1`,
    );
    const copies = await query<{ distinct_id: string; person_id: string }>(
      lastNode,
      `SELECT distinct_id, toString(argMax(person_id, version)) AS person_id
       FROM ${topology.database}.person_distinct_ids WHERE project_id = 1 GROUP BY distinct_id`,
    );
    const byId = (rows: readonly Record<string, unknown>[]) =>
      [...rows].sort((x, y) => (String(x.distinct_id) < String(y.distinct_id) ? -1 : 1));
    expect(stored.length).toBe(users.length * 2);
    expect(byId(copies)).toEqual(byId(stored));
    const props = await db.run('SELECT id::text AS id, properties FROM persons WHERE NOT is_deleted');
    const personCopies = await query<{ id: string; properties: string }>(
      reader,
      `SELECT toString(id) AS id, argMax(properties, version) AS properties FROM ${topology.database}.persons
       GROUP BY id HAVING argMax(is_deleted, version) = 0`,
    );
    expect(byId(personCopies.map((p) => ({ distinct_id: p.id, ...p })))).toEqual(
      byId(props.map((p) => ({ distinct_id: p.id, ...p }))),
    );
  }, 120_000);

  it('ClickHouse unreachable: the commit answers STORAGE_UNAVAILABLE and PostgreSQL keeps nothing', async () => {
    const { url, db } = await database();
    const dead = createClient({
      url: `http://127.0.0.1:${await closedPort()}`,
      log: { level: ClickHouseLogLevel.OFF },
    });
    cleanup.push(() => dead.close());
    const store = new DistributedIngestionStore(db, new ClickHouseEventWriter(topology, [dead]));
    const feed = await listen(url);
    cleanup.push(feed.end);
    await expect(store.commit(firstVisit('ann'))).rejects.toMatchObject({ code: 'STORAGE_UNAVAILABLE' });
    const rows = await db.run(
      `SELECT (SELECT count(*) FROM persons)::int AS persons, (SELECT count(*) FROM person_distinct_ids)::int AS ids`,
    );
    expect(rows).toEqual([{ persons: 0, ids: 0 }]);
    await settle(300);
    expect(feed.received).toEqual([]);
    // The same write set goes through once ClickHouse answers: nothing was left behind to conflict with.
    await new DistributedIngestionStore(db, new ClickHouseEventWriter(topology, ch())).commit(
      firstVisit('ann'),
    );
    expect((await db.run('SELECT count(*)::int AS n FROM persons'))[0]?.n).toBe(1);
  });

  it('tells listening nodes what changed only once the commit is durable', async () => {
    const { url, db } = await database();
    const real = new ClickHouseEventWriter(topology, ch());
    let entered: () => void = () => undefined;
    let open: () => void = () => undefined;
    const insertStarted = new Promise<void>((resolve) => {
      entered = resolve;
    });
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    // Holds the ClickHouse insert, by which point the identity rows and pg_notify have run in the transaction.
    const held: ClickHouseSink = {
      insertEvents: async (events) => {
        entered();
        await gate;
        await real.insertEvents(events);
      },
      insertIdentities: (copies) => real.insertIdentities(copies),
    };
    const feed = await listen(url);
    cleanup.push(feed.end);
    const commit = new DistributedIngestionStore(db, held).commit(firstVisit('bea'));
    await insertStarted;
    await settle(300);
    expect(feed.received).toEqual([]);
    open();
    await commit;
    for (let i = 0; i < 40 && feed.received.length < 2; i++) await settle(50);
    const identity = feed.received.find((m) => m.channel === CHANNELS.identity);
    expect(decodeIdentityChange(identity?.payload ?? '')).toEqual({
      distinctIds: [{ projectId: 1, distinctId: 'bea' }],
      personIds: [personIdFor(1, 'bea')],
      groups: [],
      groupTypeProjects: [],
    });
    expect(feed.received.filter((m) => m.channel === CHANNELS.events)).toEqual([
      { channel: CHANNELS.events, payload: '1' },
    ]);
  });
});
