import {
  type ClickHouseClient,
  ClickHouseLogLevel,
  type ClickHouseSettings,
  createClient,
} from '@clickhouse/client';
import type { Logger } from '../../util/logger.ts';
import { ClickHouseEventExportStore } from '../clickhouse/clickhouse-event-export-store.ts';
import { ClickHouseEventRetentionStore } from '../clickhouse/clickhouse-event-retention-store.ts';
import { ClickHouseEventStore } from '../clickhouse/clickhouse-event-store.ts';
import { ClickHouseEventWriter } from '../clickhouse/clickhouse-event-writer.ts';
import { migrateClickHouse } from '../clickhouse/clickhouse-migrate.ts';
import { ClickHouseQueryRunner } from '../clickhouse/clickhouse-query-runner.ts';
import type { ClickHouseTopology } from '../clickhouse/clickhouse-topology.ts';
import { PostgresGroupStore } from '../postgres/postgres-group-store.ts';
import { PostgresPersonStore } from '../postgres/postgres-person-store.ts';
import { openPostgresStorage } from '../postgres/postgres-storage.ts';
import type { Storage } from '../storage.ts';
import { ClickHouseCohortMirror } from './clickhouse-cohort-mirror.ts';
import { DistributedIngestionStore } from './distributed-ingestion-store.ts';
import { DistributedPersonEraser } from './distributed-person-eraser.ts';
import type { DistributedSettings } from './distributed-settings.ts';
import { StorageHealthTracker } from './storage-health-tracker.ts';

/**
 * Distributed mode's storage: PostgreSQL holds everything transactional (state, identities, the change feed),
 * ClickHouse the events and the identity copies queries join. Both are migrated here, once however many nodes
 * start together (PostgreSQL under an advisory lock, ClickHouse DDL is idempotent).
 */
export async function openDistributedStorage(
  settings: DistributedSettings,
  logger: Logger,
): Promise<Storage> {
  const ch = settings.clickhouse;
  // Failures reach our own log once, with context (a refused commit, a failed query); the client's log would
  // print a stack for each attempt.
  const auth = { username: ch.user, password: ch.password, log: { level: ClickHouseLogLevel.OFF } };
  const quorum: ClickHouseSettings =
    ch.insertQuorum === undefined
      ? {}
      : { insert_quorum: String(ch.insertQuorum), insert_quorum_parallel: 1 };
  // Without ON CLUSTER (no Keeper), every node is listed and each one gets the DDL and the identity copies.
  const replicated = ch.nodes.length === 0;
  const topology: ClickHouseTopology = { database: ch.database, cluster: ch.cluster, replicated };
  const entry = createClient({ url: ch.url, ...auth, clickhouse_settings: quorum });
  const others = ch.nodes.filter((url) => url !== ch.url).map((url) => createClient({ url, ...auth }));
  const writeNodes: ClickHouseClient[] = [entry, ...others];
  const reader = createClient({ url: ch.url, ...auth, database: ch.database });
  const clients = [...writeNodes, reader];
  const closeClients = () => Promise.all(clients.map((c) => c.close())).then(() => undefined);
  try {
    await migrateClickHouse(topology, writeNodes);
  } catch (error) {
    await closeClients();
    throw error;
  }
  const state = await openPostgresStorage(settings.databaseUrl, logger).catch(async (error: unknown) => {
    await closeClients();
    throw error;
  });
  const db = state.database;
  const writer = new ClickHouseEventWriter(topology, writeNodes);
  const cohorts = new ClickHouseCohortMirror(
    state.cohorts,
    topology,
    replicated ? [entry] : writeNodes,
    writer,
    logger,
  );
  await cohorts
    .resync()
    .catch((error: unknown) =>
      logger.error('static cohort members could not be copied to ClickHouse', { error: String(error) }),
    );
  const health = new StorageHealthTracker(async () => {
    await db.run('SELECT 1');
    await Promise.all(writeNodes.map((node) => node.query({ query: 'SELECT 1' }).then((r) => r.text())));
  });
  const ingestion = health.watch(new DistributedIngestionStore(db, writer));
  return {
    projects: state.projects,
    secretKeys: state.secretKeys,
    dataSettings: state.dataSettings,
    auth: state.auth,
    activity: state.activity,
    flags: state.flags,
    flagUsage: state.flagUsage,
    insights: state.insights,
    dashboards: state.dashboards,
    experiments: state.experiments,
    earlyAccess: state.earlyAccess,
    annotations: state.annotations,
    // No scan: events are in ClickHouse, so definitions start from what this cluster ingests from now on.
    definitions: state.definitions,
    webhooks: state.webhooks,
    alerts: state.alerts,
    changeRequests: state.changeRequests,
    schedules: state.schedules,
    erasures: state.erasures,
    eraser: new DistributedPersonEraser(db, topology, writeNodes, writer),
    changes: state.changes,
    bootstrapLock: state.bootstrapLock,
    retentionLock: state.retentionLock,
    cohorts,
    persons: new PostgresPersonStore(db),
    groups: new PostgresGroupStore(db),
    ingestion,
    events: new ClickHouseEventStore(reader, topology),
    eventExport: new ClickHouseEventExportStore(reader, topology),
    retention: new ClickHouseEventRetentionStore(reader, topology, replicated ? [entry] : writeNodes),
    analytics: new ClickHouseQueryRunner(reader),
    health: () => health.health(),
    async close() {
      await state.close();
      await closeClients();
    },
  };
}
