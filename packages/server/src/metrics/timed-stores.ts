import type { IngestionStore, WriteSet } from '../ingestion/write-set.ts';
import type { QueryRunner, SqlValue } from '../query/query-runner.ts';
import type { Metrics } from './metrics.ts';

const seconds = (startedNs: bigint) => Number(process.hrtime.bigint() - startedNs) / 1e9;

/**
 * The ingestion port, measured: commit time and the events each successful commit made durable. Decorating the
 * port keeps the ingestion queue free of metrics code, and counts exactly what the store acknowledged.
 */
export function timedIngestionStore(store: IngestionStore, metrics: Metrics): IngestionStore {
  const timed: IngestionStore = {
    async commit(writeSet: WriteSet): Promise<void> {
      const started = process.hrtime.bigint();
      try {
        await store.commit(writeSet);
      } catch (error) {
        metrics.observeCommit(seconds(started), 'error');
        throw error;
      }
      metrics.observeCommit(seconds(started), 'ok');
      metrics.eventsIngested(writeSet.events.length);
    },
    maxDistinctIdVersion: () => store.maxDistinctIdVersion(),
    scanIdentities: (visit) => store.scanIdentities(visit),
  };
  if (store.isDataError) timed.isDataError = (error) => store.isDataError?.(error) ?? false;
  return timed;
}

/** The analytics SQL port, measured per statement. */
export function timedQueryRunner(runner: QueryRunner, metrics: Metrics): QueryRunner {
  return {
    dialect: runner.dialect,
    async run(sql: string, params: SqlValue[], options: { timeoutMs: number }) {
      const started = process.hrtime.bigint();
      try {
        const rows = await runner.run(sql, params, options);
        metrics.observeQuery(seconds(started), 'ok');
        return rows;
      } catch (error) {
        metrics.observeQuery(seconds(started), 'error');
        throw error;
      }
    },
  };
}
