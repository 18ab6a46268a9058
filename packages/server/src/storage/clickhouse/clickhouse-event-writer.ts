import type { ClickHouseClient } from '@clickhouse/client';
import type { StoredEvent } from '../../events/event.ts';
import type { Group } from '../../groups/group.ts';
import type { Person } from '../../persons/person.ts';
import {
  type CohortMember,
  cohortMemberRow,
  type DistinctIdVersion,
  distinctIdRow,
  eventRow,
  groupRow,
  overrideRow,
  type PersonOverride,
  personRow,
} from './clickhouse-rows.ts';
import type { IdentityTable } from './clickhouse-schema.ts';
import type { ClickHouseTopology } from './clickhouse-topology.ts';

/** The identity versions one batch copies into ClickHouse for the queries to join. */
export interface IdentityCopies {
  persons?: { person: Person; deleted: boolean }[];
  distinctIds?: DistinctIdVersion[];
  overrides?: PersonOverride[];
  groups?: Group[];
  cohortMembers?: CohortMember[];
}

/**
 * Writes events and identity copies. An insert resolves only once ClickHouse has written the rows: through
 * the Distributed table in the foreground (so a 200 never rests on the Distributed queue, which a server may
 * leave unsent), and on every node for the unreplicated identity copies. A retried batch is harmless: events
 * fold on their uuid, identity rows on their version.
 */
export class ClickHouseEventWriter {
  constructor(
    private readonly topology: ClickHouseTopology,
    /** The node inserts go through first, then, when the server does not replicate, every other one. */
    private readonly nodes: readonly ClickHouseClient[],
  ) {}

  private get entry(): ClickHouseClient {
    const node = this.nodes[0];
    if (!node) throw new Error('No ClickHouse node to write to.');
    return node;
  }

  async insertEvents(events: readonly StoredEvent[]): Promise<void> {
    if (events.length === 0) return;
    await this.entry.insert({
      table: `${this.topology.database}.events`,
      values: events.map(eventRow),
      format: 'JSONEachRow',
      clickhouse_settings: { distributed_foreground_insert: 1 },
    });
  }

  async insertIdentities(copies: IdentityCopies): Promise<void> {
    const tables: [IdentityTable, Record<string, unknown>[]][] = [
      ['persons', (copies.persons ?? []).map(personRow)],
      ['person_distinct_ids', (copies.distinctIds ?? []).map(distinctIdRow)],
      ['person_overrides', (copies.overrides ?? []).map(overrideRow)],
      ['groups', (copies.groups ?? []).map(groupRow)],
      ['cohort_static_members', (copies.cohortMembers ?? []).map(cohortMemberRow)],
    ];
    // Replicated tables copy themselves; plain ones are written on each node so every shard can join them.
    const targets = this.topology.replicated ? [this.entry] : this.nodes;
    await Promise.all(
      tables
        .filter(([, rows]) => rows.length > 0)
        .flatMap(([table, rows]) =>
          targets.map((node) =>
            node.insert({ table: `${this.topology.database}.${table}`, values: rows, format: 'JSONEachRow' }),
          ),
        ),
    );
  }
}
