import type { ClickHouseClient } from '@clickhouse/client';
import type { GroupColumns, StoredEvent } from '../../events/event.ts';
import type { EventQuery, EventStore } from '../../events/event-store.ts';
import { clickHouseFailure } from './clickhouse-errors.ts';
import { clickHouseTime } from './clickhouse-rows.ts';
import { type ClickHouseTopology, quoteIdentifier } from './clickhouse-topology.ts';

export interface EventRow {
  project_id: number;
  uuid: string;
  event: string;
  distinct_id: string;
  person_id: string;
  ts: number;
  ca: number;
  properties: string;
  groups: string[];
}

const TIME = "DateTime64(6, 'UTC')";

/** The columns `toEvent` reads, for every SELECT of whole events. */
export const EVENT_COLUMNS = `project_id, toString(uuid) AS uuid, event, distinct_id, toString(person_id) AS person_id,
  toUnixTimestamp64Milli(timestamp) AS ts, toUnixTimestamp64Milli(created_at) AS ca, properties,
  [group_0, group_1, group_2, group_3, group_4] AS groups`;

export function toEvent(r: EventRow): StoredEvent {
  const parsed: unknown = JSON.parse(r.properties || '{}');
  return {
    uuid: r.uuid,
    projectId: Number(r.project_id),
    event: r.event,
    distinctId: r.distinct_id,
    personId: r.person_id,
    timestamp: new Date(Number(r.ts)),
    createdAt: new Date(Number(r.ca)),
    properties:
      parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)
        ? (parsed as Record<string, unknown>)
        : {},
    groups: [0, 1, 2, 3, 4].map((i) => r.groups[i] ?? '') as GroupColumns,
  };
}

/**
 * The events API on ClickHouse, answering as the DuckDB store does. A retried insert leaves a second row
 * with the same uuid until parts merge; FINAL folds it while reading. (`LIMIT 1 BY uuid` would too, but it
 * sits between ORDER BY and LIMIT, so ClickHouse would sort every matching row, properties and all, instead
 * of keeping the top rows only.)
 */
export class ClickHouseEventStore implements EventStore {
  private readonly table: string;

  constructor(
    private readonly client: ClickHouseClient,
    topology: ClickHouseTopology,
  ) {
    this.table = `${quoteIdentifier(topology.database)}.events`;
  }

  async listEvents(q: EventQuery): Promise<StoredEvent[]> {
    const params: Record<string, unknown> = { project: q.projectId, limit: q.limit, offset: q.offset };
    const where = ['project_id = {project:Int64}'];
    if (q.event !== undefined) {
      params.event = q.event;
      where.push('event = {event:String}');
    }
    if (q.distinctIds !== undefined) {
      params.distinctIds = q.distinctIds;
      where.push('has({distinctIds:Array(String)}, distinct_id)');
    }
    if (q.group) {
      // The column name comes from a 0–4 index, never from the request's text.
      params.groupKey = q.group.key;
      where.push(`group_${q.group.index} = {groupKey:String}`);
    }
    if (q.after) {
      params.after = clickHouseTime(q.after);
      where.push(`timestamp > {after:${TIME}}`);
    }
    if (q.before) {
      params.before = clickHouseTime(q.before);
      where.push(`timestamp < {before:${TIME}}`);
    }
    // DuckDB orders uuids as their text; ClickHouse's UUID type compares its second half first (seen on
    // 26.7: …0001-0000… sorts before 1000…), so the text is sorted.
    return (
      await this.rows<EventRow>(
        `SELECT project_id, toString(uuid) AS uuid, event, distinct_id, toString(person_id) AS person_id,
          toUnixTimestamp64Milli(timestamp) AS ts, toUnixTimestamp64Milli(created_at) AS ca, properties,
          [group_0, group_1, group_2, group_3, group_4] AS groups
        FROM ${this.table} FINAL WHERE ${where.join(' AND ')}
        ORDER BY timestamp DESC, toString(uuid) DESC
        LIMIT {limit:UInt64} OFFSET {offset:UInt64}`,
        params,
      )
    ).map(toEvent);
  }

  async recentEventUuids(limit: number): Promise<string[]> {
    if (limit === 0) return [];
    const rows = await this.rows<{ k: string }>(
      `SELECT concat(toString(project_id), ':', toString(uuid)) AS k FROM ${this.table} FINAL
        ORDER BY created_at DESC LIMIT {limit:UInt64}`,
      { limit },
    );
    return rows.map((r) => r.k);
  }

  async *recentEventUuidPages(limit: number): AsyncIterable<string[]> {
    yield await this.recentEventUuids(limit);
  }

  async storedEventUuids(projectId: number, uuids: string[]): Promise<string[]> {
    if (uuids.length === 0) return [];
    const rows = await this.rows<{ uuid: string }>(
      `SELECT DISTINCT toString(uuid) AS uuid FROM ${this.table}
        WHERE project_id = {projectId:Int64} AND uuid IN {uuids:Array(UUID)}`,
      { projectId, uuids },
    );
    return rows.map((r) => r.uuid);
  }

  private async rows<T>(query: string, params: Record<string, unknown>): Promise<T[]> {
    try {
      const result = await this.client.query({
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
