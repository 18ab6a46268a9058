import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PostgresCluster, startPostgresCluster } from '../../testing/postgres/postgres-cluster.ts';
import { silentLogger } from '../../util/logger.ts';
import { type Change, type ChangeFeed, TOPICS } from '../change-feed.ts';
import { CHANNELS, encodeIdentityChange } from './change-channels.ts';
import { openPostgresChangeFeed } from './postgres-change-feed.ts';
import { openPostgresStorage, type StateStorage } from './postgres-storage.ts';

/** Collects what a feed delivers; `next` waits for the first change (after `from`) that matches. */
function recorder(feed: ChangeFeed) {
  const seen: Change[] = [];
  const waiters: (() => void)[] = [];
  feed.subscribe((c) => {
    seen.push(c);
    for (const w of waiters.splice(0)) w();
  });
  const next = async (match: (c: Change) => boolean, from = 0, timeoutMs = 10_000): Promise<Change> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = seen.slice(from).find(match);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no matching change; saw ${JSON.stringify(seen)}`);
      await new Promise<void>((resolve) => {
        waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  };
  return { seen, next };
}

const topic = (name: string) => (c: Change) => c.kind === 'topic' && c.topic === name;

describe('the PostgreSQL change feed', () => {
  let cluster: PostgresCluster;
  let url: string;
  let storage: StateStorage & { changes: ChangeFeed };
  let admin: pg.Client;
  beforeAll(async () => {
    cluster = await startPostgresCluster();
    url = await cluster.createDatabase();
    storage = await openPostgresStorage(url);
    admin = new pg.Client({ connectionString: url });
    await admin.connect();
  });
  afterAll(async () => {
    await admin.end().catch(() => undefined);
    await storage.close();
    await cluster.stop();
  });

  it('has a trigger naming a known topic on every table a cache holds, and none on the others', async () => {
    const { rows } = await admin.query<{ table: string; args: string }>(
      `SELECT c.relname AS table, encode(t.tgargs, 'escape') AS args
         FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
        WHERE NOT t.tgisinternal ORDER BY 1`,
    );
    const { rows: tables } = await admin.query<{ name: string }>(
      "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY 1",
    );
    const notified = new Set(rows.map((r) => r.table));
    const quiet = tables.map((t) => t.name).filter((t) => !notified.has(t));
    expect(quiet.sort()).toEqual([
      'activity_log',
      // Read from the store on every use and claimed row by row by the scheduler: no cache to reload.
      'alerts',
      // Read from the store on every list (charts ask for their date range): no cache to reload.
      'annotations',
      // Each node runs the membership job itself and reads the table back only at start.
      'cohort_computations',
      'cohort_computed_members',
      // Merged into by every node's recorder and read from the store by the API; pickers ask on every open.
      'definition_watermark',
      // Erasure records and the token secret: read from the store on every use.
      'erasure_secrets',
      'erasures',
      'event_definitions',
      // Change requests and approval settings: read from the store on every review.
      'flag_approval_settings',
      'flag_change_requests',
      // Counters each node adds to; read from the store when a flag's usage is asked for.
      'flag_usage',
      'group_type_mapping',
      'groups',
      'password_resets',
      'person_distinct_ids',
      'person_overrides',
      'persons',
      'property_definitions',
      // Claimed row by row by the scheduler, read from the store by the API.
      'scheduled_changes',
      'schema_migrations',
      'team_id_counter',
      // Read from the store on every use (subscriptions) or claimed row by row (the outbox).
      'webhook_deliveries',
      'webhooks',
    ]);
    // tgargs is NUL-terminated per argument.
    const topics = new Set(rows.map((r) => r.args.replace(/\\000$/, '')));
    expect([...topics].filter((t) => !(TOPICS as readonly string[]).includes(t))).toEqual([]);
    expect([...topics].sort()).toEqual([...TOPICS].sort());
  });

  it('announces a committed store write by its topic, and nothing for a rolled-back one', async () => {
    const feed = recorder(storage.changes);
    await admin.query('BEGIN');
    await admin.query(
      "INSERT INTO insights (id, project_id, short_id, data, version, deleted, updated_at) VALUES (900, 1, 'rolled', '{}', 1, false, now())",
    );
    await admin.query('ROLLBACK');
    await storage.secretKeys.insertProjectSecretKey({
      id: 'k1',
      projectId: 1,
      label: 'server',
      secretHash: 'h1',
      maskValue: 'phs_...',
      createdAt: new Date(),
      createdBy: 'ana',
      expiresAt: null,
    });
    await feed.next(topic('keys'));
    // Notifications arrive in commit order: the rolled-back insert would have come before the key.
    expect(feed.seen.filter(topic('insights'))).toEqual([]);
  });

  it('decodes the events and identity channels', async () => {
    const feed = recorder(storage.changes);
    await admin.query('SELECT pg_notify($1, $2)', [CHANNELS.events, '3,5,x,7']);
    expect(await feed.next((c) => c.kind === 'events')).toEqual({
      kind: 'events',
      environmentIds: [3, 5, 7],
    });
    const change = {
      distinctIds: [{ projectId: 1, distinctId: 'ana' }],
      personIds: ['0190a0b0-0000-7000-8000-000000000001'],
      groups: [],
      groupTypeProjects: [1],
    };
    const [payload] = encodeIdentityChange(change);
    await admin.query('SELECT pg_notify($1, $2)', [CHANNELS.identity, payload]);
    expect(await feed.next((c) => c.kind === 'identity')).toEqual({ kind: 'identity', change });
  });

  it('keeps changes that arrive before anyone subscribed, and delivers them to the first subscriber', async () => {
    const early = await openPostgresChangeFeed(url, silentLogger);
    try {
      await admin.query('SELECT pg_notify($1, $2)', [CHANNELS.changes, 'cohorts']);
      await new Promise((r) => setTimeout(r, 200));
      const feed = recorder(early);
      await feed.next(topic('cohorts'));
    } finally {
      await early.close();
    }
  });

  it('reconnects after PostgreSQL restarts, asks for a resync, and delivers what is committed after', async () => {
    const feed = await openPostgresChangeFeed(url, silentLogger, { firstBackoffMs: 50, maxBackoffMs: 500 });
    try {
      const seen = recorder(feed);
      await admin.end();
      await cluster.restart();
      const resync = await seen.next((c) => c.kind === 'resync', 0, 15_000);
      expect(resync).toEqual({ kind: 'resync' });
      const from = seen.seen.length;
      admin = new pg.Client({ connectionString: url });
      await admin.connect();
      await admin.query('SELECT pg_notify($1, $2)', [CHANNELS.changes, 'flags']);
      await seen.next(topic('flags'), from);
    } finally {
      await feed.close();
    }
  });
});
