import type { ClickHouseClient } from '@clickhouse/client';
import {
  type DailyVolume,
  type EventRetentionStore,
  ROW_OVERHEAD_BYTES,
} from '../../retention/event-retention-store.ts';
import { clickHouseFailure } from './clickhouse-errors.ts';
import { clickHouseTime } from './clickhouse-rows.ts';
import { type ClickHouseTopology, onCluster, quoteIdentifier } from './clickhouse-topology.ts';

const TIME = "DateTime64(6, 'UTC')";

/**
 * Retention on ClickHouse. Events are partitioned by month (for every project together): a month wholly before
 * the horizon that holds no other project's events is dropped as a partition, which frees its disk at once;
 * anything else becomes an `ALTER TABLE … DELETE` mutation, which ClickHouse applies in the background by
 * rewriting parts, so inserts never wait for it. A mutation is one statement, so `limit` does not slice it.
 */
export class ClickHouseEventRetentionStore implements EventRetentionStore {
  private readonly db: string;

  constructor(
    private readonly reader: ClickHouseClient,
    private readonly topology: ClickHouseTopology,
    /** Where DDL goes: the entry node with `ON CLUSTER` when replicated, else every node (each has its parts). */
    private readonly ddlNodes: readonly ClickHouseClient[],
  ) {
    this.db = quoteIdentifier(topology.database);
  }

  async deleteEventsBefore(environmentId: number, before: Date): Promise<number> {
    const params = { project: environmentId, before: clickHouseTime(before) };
    const months = await this.rows<{ month: number; n: number }>(
      `SELECT toYYYYMM(timestamp) AS month, uniqExact(uuid) AS n FROM ${this.db}.events
       WHERE project_id = {project:Int64} AND timestamp < {before:${TIME}} GROUP BY month ORDER BY month`,
      params,
    );
    const deleted = months.reduce((sum, m) => sum + Number(m.n), 0);
    if (deleted === 0) return 0;
    // A month ends before the horizon when the horizon is in a later month.
    const horizonMonth = before.getUTCFullYear() * 100 + before.getUTCMonth() + 1;
    const whole = months.map((m) => Number(m.month)).filter((m) => m < horizonMonth);
    const shared = new Set(
      (
        await this.rows<{ month: number }>(
          `SELECT DISTINCT toYYYYMM(timestamp) AS month FROM ${this.db}.events
           WHERE project_id != {project:Int64} AND toYYYYMM(timestamp) IN {months:Array(UInt32)}`,
          { project: environmentId, months: whole },
        )
      ).map((r) => Number(r.month)),
    );
    for (const month of whole.filter((m) => !shared.has(m)))
      await this.ddl(
        `ALTER TABLE ${this.db}.events_local${onCluster(this.topology)} DROP PARTITION ${month}`,
      );
    await this.ddl(
      `ALTER TABLE ${this.db}.events_local${onCluster(this.topology)}
       DELETE WHERE project_id = {project:Int64} AND timestamp < {before:${TIME}}`,
      params,
    );
    return deleted;
  }

  async volume(environmentIds: readonly number[], since: Date) {
    const params = { projects: environmentIds, since: clickHouseTime(since) };
    const bytes = `sum(length(properties)) + count() * ${ROW_OVERHEAD_BYTES}`;
    const [days, total] = await Promise.all([
      this.rows<{ day: string; events: number; bytes: number }>(
        `SELECT toString(toDate(timestamp)) AS day, count() AS events, ${bytes} AS bytes FROM ${this.db}.events
         WHERE has({projects:Array(Int64)}, project_id) AND timestamp >= {since:${TIME}} GROUP BY day ORDER BY day`,
        params,
      ),
      this.rows<{ events: number; bytes: number }>(
        `SELECT count() AS events, ${bytes} AS bytes FROM ${this.db}.events
         WHERE has({projects:Array(Int64)}, project_id)`,
        params,
      ),
    ]);
    const row = total[0];
    return {
      days: days.map((d): DailyVolume => ({ day: d.day, events: Number(d.events), bytes: Number(d.bytes) })),
      total: { events: Number(row?.events ?? 0), bytes: Number(row?.bytes ?? 0) },
    };
  }

  private async ddl(query: string, params: Record<string, unknown> = {}): Promise<void> {
    try {
      // mutations_sync: the run ends once the rows are gone on this node, so the next run does not redo it.
      await Promise.all(
        this.ddlNodes.map((node) =>
          node.command({ query, query_params: params, clickhouse_settings: { mutations_sync: '1' } }),
        ),
      );
    } catch (error) {
      throw clickHouseFailure(error);
    }
  }

  private async rows<T>(query: string, params: Record<string, unknown>): Promise<T[]> {
    try {
      const result = await this.reader.query({
        query,
        query_params: params,
        format: 'JSONEachRow',
        clickhouse_settings: { output_format_json_quote_64bit_integers: 0 },
      });
      return await result.json<T>();
    } catch (error) {
      throw clickHouseFailure(error);
    }
  }
}
