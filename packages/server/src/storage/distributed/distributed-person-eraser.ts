import type { ClickHouseClient } from '@clickhouse/client';
import { anonymiseProperties } from '../../erasure/anonymise-properties.ts';
import type { ErasureCounts, ErasurePlan } from '../../erasure/erasure.ts';
import type { PersonEraser } from '../../erasure/person-eraser.ts';
import { AppError } from '../../errors/app-error.ts';
import { EVENT_COLUMNS, type EventRow, toEvent } from '../clickhouse/clickhouse-event-store.ts';
import type { ClickHouseEventWriter } from '../clickhouse/clickhouse-event-writer.ts';
import { type ClickHouseTopology, onCluster, quoteIdentifier } from '../clickhouse/clickhouse-topology.ts';
import { CHANNELS, encodeIdentityChange } from '../postgres/change-channels.ts';
import type { Executor, Param, PostgresDatabase } from '../postgres/postgres-database.ts';

// ClickHouse: events of the person's distinct ids or person ids (merged persons' old ids included). Compared
// as text: the SELECT of whole events aliases `toString(person_id) AS person_id`, which WHERE sees too.
const CH_EVENTS = `project_id = {project:Int64}
  AND (has({distinctIds:Array(String)}, distinct_id) OR has({personIds:Array(String)}, toString(person_id)))`;

/**
 * Erasure in distributed mode: identities in PostgreSQL (one transaction, announced on the identity channel so
 * every node forgets the person), events and identity copies in ClickHouse through synchronous mutations
 * (`mutations_sync = 2`: the DELETE returns once every replica applied it), run inside that transaction so a
 * ClickHouse failure leaves PostgreSQL untouched and the request can simply be repeated.
 */
export class DistributedPersonEraser implements PersonEraser {
  private readonly db: string;

  constructor(
    private readonly postgres: PostgresDatabase,
    private readonly topology: ClickHouseTopology,
    /** Every node written to (the entry first); with ON CLUSTER only the entry is used. */
    private readonly nodes: readonly ClickHouseClient[],
    private readonly writer: Pick<ClickHouseEventWriter, 'insertEvents'>,
  ) {
    this.db = quoteIdentifier(topology.database);
  }

  async erase(plan: ErasurePlan): Promise<ErasureCounts> {
    try {
      return await this.eraseInTransaction(plan);
    } catch (error) {
      if (error instanceof AppError) throw error;
      // PostgreSQL rolled back; ClickHouse may have applied part of it. Repeating the request finishes it.
      const reason = error instanceof Error ? error.message : String(error);
      throw new AppError(
        'STORAGE_UNAVAILABLE',
        `The erasure did not complete (${reason}); repeat the request.`,
      );
    }
  }

  private eraseInTransaction(plan: ErasurePlan): Promise<ErasureCounts> {
    return this.postgres.transaction(async (tx) => {
      const merged = await tx.run(
        'SELECT old_person_id::text AS id FROM person_overrides WHERE project_id = $1 AND person_id = ANY($2::uuid[])',
        [plan.projectId, plan.personIds],
      );
      const personIds = [...new Set([...plan.personIds, ...merged.map((r) => String(r.id))])];
      const params = { project: plan.projectId, distinctIds: plan.distinctIds, personIds };
      const counts: ErasureCounts = { events: await this.countEvents(params) };
      if (plan.anonymise) await this.anonymiseEvents(plan, params);
      else await this.mutate('events_local', `DELETE WHERE ${CH_EVENTS}`, params);
      if (plan.mode === 'events_only') return counts;
      Object.assign(counts, await this.deleteIdentities(tx, plan.projectId, plan.distinctIds, personIds));
      const where = `project_id = {project:Int64} AND (has({personIds:Array(UUID)}, id))`;
      await this.mutate('persons', `DELETE WHERE ${where}`, params);
      await this.mutate(
        'person_distinct_ids',
        `DELETE WHERE project_id = {project:Int64}
          AND (has({distinctIds:Array(String)}, distinct_id) OR has({personIds:Array(UUID)}, person_id))`,
        params,
      );
      await this.mutate(
        'person_overrides',
        `DELETE WHERE project_id = {project:Int64}
          AND (has({personIds:Array(UUID)}, person_id) OR has({personIds:Array(UUID)}, old_person_id))`,
        params,
      );
      return counts;
    });
  }

  private async deleteIdentities(
    tx: Executor,
    projectId: number,
    distinctIds: string[],
    personIds: string[],
  ): Promise<ErasureCounts> {
    const run = async (sql: string, values: Param[]) => (await tx.run(`${sql} RETURNING 1`, values)).length;
    const counts: ErasureCounts = {
      persons: await run('DELETE FROM persons WHERE project_id = $1 AND id = ANY($2::uuid[])', [
        projectId,
        personIds,
      ]),
      person_distinct_ids: await run(
        'DELETE FROM person_distinct_ids WHERE project_id = $1 AND (distinct_id = ANY($2) OR person_id = ANY($3::uuid[]))',
        [projectId, distinctIds, personIds],
      ),
      person_overrides: await run(
        'DELETE FROM person_overrides WHERE project_id = $1 AND (person_id = ANY($2::uuid[]) OR old_person_id = ANY($2::uuid[]))',
        [projectId, personIds],
      ),
      flag_hash_key_overrides: await run(
        'DELETE FROM flag_hash_key_overrides WHERE project_id = $1 AND person_id = ANY($2::uuid[])',
        [projectId, personIds],
      ),
    };
    // Other nodes cache persons by distinct id: delivered at COMMIT, they forget them (and so does this one).
    const payloads = encodeIdentityChange({
      distinctIds: distinctIds.map((distinctId) => ({ projectId, distinctId })),
      personIds,
      groups: [],
      groupTypeProjects: [],
    });
    for (const payload of payloads) await tx.run('SELECT pg_notify($1, $2)', [CHANNELS.identity, payload]);
    await tx.run('SELECT pg_notify($1, $2)', [CHANNELS.events, String(projectId)]);
    return counts;
  }

  private async countEvents(params: Record<string, unknown>): Promise<number> {
    const result = await this.entry.query({
      query: `SELECT count() AS n FROM ${this.db}.events FINAL WHERE ${CH_EVENTS}`,
      query_params: params,
      format: 'JSONEachRow',
    });
    const [row] = await result.json<{ n: string | number }>();
    return Number(row?.n ?? 0);
  }

  /**
   * The rewritten events are inserted before the originals are deleted: a failure in between leaves the
   * originals (the request is repeated), never a loss. The new rows match none of the person's ids, so the
   * DELETE cannot take them.
   */
  private async anonymiseEvents(plan: ErasurePlan, params: Record<string, unknown>): Promise<void> {
    const anonymise = plan.anonymise;
    if (!anonymise) return;
    const result = await this.entry.query({
      query: `SELECT ${EVENT_COLUMNS} FROM ${this.db}.events FINAL WHERE ${CH_EVENTS}`,
      query_params: params,
      format: 'JSONEachRow',
    });
    const rules = {
      identifiers: new Set([...plan.distinctIds, ...(params.personIds as string[])]),
      token: anonymise.distinctId,
      personalKeys: new Set(anonymise.personalKeys),
    };
    const rewritten = (await result.json<EventRow>()).map(toEvent).map((e) => ({
      ...e,
      distinctId: anonymise.distinctId,
      personId: anonymise.personId,
      properties: anonymiseProperties(e.properties, rules),
    }));
    await this.writer.insertEvents(rewritten);
    await this.mutate('events_local', `DELETE WHERE ${CH_EVENTS}`, params);
  }

  /** An ALTER TABLE mutation on a local table: ON CLUSTER where the server spreads DDL, else on each node. */
  private async mutate(table: string, action: string, params: Record<string, unknown>): Promise<void> {
    const targets = this.topology.replicated ? [this.entry] : this.nodes;
    await Promise.all(
      targets.map((node) =>
        node.command({
          query: `ALTER TABLE ${this.db}.${table}${onCluster(this.topology)} ${action}`,
          query_params: params,
          clickhouse_settings: { mutations_sync: '2' },
        }),
      ),
    );
  }

  private get entry(): ClickHouseClient {
    const node = this.nodes[0];
    if (!node) throw new Error('No ClickHouse node to erase on.');
    return node;
  }
}
