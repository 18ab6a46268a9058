import { listValue } from '@duckdb/node-api';
import { anonymiseProperties } from '../../erasure/anonymise-properties.ts';
import type { EarlyEventDeletion, ErasureCounts, ErasurePlan } from '../../erasure/erasure.ts';
import type { PersonEraser } from '../../erasure/person-eraser.ts';
import type { DuckDbDatabase } from './duckdb-database.ts';
import { props, str, timestampValue } from './row-values.ts';

const IN_FLIGHT_MARGIN_MS = 10 * 60_000;

// $1 is the environment; `ids`/`persons` name the parameter holding the distinct ids / person ids. Persons
// merged into this one are found through the overrides (their old id is what their events carry).
const ids = (p: string) => `(SELECT unnest(${p}::VARCHAR[]))`;
const given = (p: string) => `(SELECT unnest(${p}::VARCHAR[])::UUID)`;
const persons = (p: string) => `(${given(p).slice(1, -1)} UNION ALL
  SELECT old_person_id FROM person_overrides WHERE project_id = $1 AND person_id IN ${given(p)})`;
const EVENTS = `project_id = $1 AND (distinct_id IN ${ids('$2')} OR person_id IN ${persons('$3')})`;

/** [table, statement, whether it takes the distinct ids as $2 (else the person ids are $2)]. */
const IDENTITY_DELETES: [table: string, sql: string, byDistinctId: boolean][] = [
  ['persons', `DELETE FROM persons WHERE project_id = $1 AND id IN ${persons('$2')}`, false],
  [
    'person_distinct_ids',
    `DELETE FROM person_distinct_ids WHERE project_id = $1
       AND (distinct_id IN ${ids('$2')} OR person_id IN ${persons('$3')})`,
    true,
  ],
  [
    'flag_hash_key_overrides',
    `DELETE FROM flag_hash_key_overrides WHERE project_id = $1 AND person_id IN ${persons('$2')}`,
    false,
  ],
  // Last: the statements above find merged persons through these rows.
  [
    'person_overrides',
    `DELETE FROM person_overrides WHERE project_id = $1
       AND (person_id IN ${given('$2')} OR old_person_id IN ${given('$2')})`,
    false,
  ],
];

/**
 * Erasure on the embedded file. The events go first, on a connection of their own (a scan of every event must not
 * hold ingestion); then one write transaction on the single write connection removes what arrived meanwhile and
 * the identity rows, so a reader sees the person's identity whole or gone. Identity tables keep every version of
 * a row, and every version goes.
 */
export class DuckDbPersonEraser implements PersonEraser {
  constructor(private readonly db: DuckDbDatabase) {}

  async erase(plan: ErasurePlan, early?: EarlyEventDeletion): Promise<ErasureCounts> {
    const counts = await this.remove(plan, early);
    // Until a checkpoint the erased values still sit in the main file's blocks (and in any file-level copy of
    // the folder); measured gone from the file after it. A failed one is retried by the idle timer.
    await this.db.checkpointIfIdle().catch(() => undefined);
    return counts;
  }

  /**
   * The long part of deleting a person's events, a scan of every event, on a connection of its own: DuckDB lets
   * it commit beside the single writer (appends never conflict with deleting other rows), so ingestion is not
   * held for the scan. Undefined when it could not run (a conflict with another delete): the writer then does it
   * all. Events committed after its snapshot are caught by the second pass (`early.since`).
   */
  async deleteEventsAside(plan: ErasurePlan): Promise<Omit<EarlyEventDeletion, 'covers'> | undefined> {
    // Events are stamped `created_at` before their commit, within seconds; the margin covers any still in flight.
    const since = new Date(Date.now() - IN_FLIGHT_MARGIN_MS);
    const c = await this.db.connect();
    try {
      await c.run('BEGIN TRANSACTION');
      const deleted = (
        await c.run(`DELETE FROM events WHERE ${EVENTS}`, [
          plan.projectId,
          listValue(plan.distinctIds),
          listValue(plan.personIds),
        ])
      ).rowsChanged;
      await c.run('COMMIT');
      return { deleted, since };
    } catch {
      await c.run('ROLLBACK').catch(() => undefined);
      return undefined;
    } finally {
      this.db.disconnect(c);
    }
  }

  private remove(plan: ErasurePlan, early: EarlyEventDeletion | undefined): Promise<ErasureCounts> {
    const base = [plan.projectId, listValue(plan.distinctIds), listValue(plan.personIds)];
    return this.db.write(async (c) => {
      const counts: ErasureCounts = {};
      if (plan.anonymise) {
        const { anonymise } = plan;
        const rules = {
          identifiers: new Set([...plan.distinctIds, ...plan.personIds]),
          token: anonymise.distinctId,
          personalKeys: new Set(anonymise.personalKeys),
        };
        const rows = (
          await c.runAndReadAll(`SELECT uuid::VARCHAR AS uuid, properties FROM events WHERE ${EVENTS}`, base)
        ).getRowObjectsJS();
        const uuids = rows.map((r) => str(r, 'uuid'));
        const properties = rows.map((r) =>
          JSON.stringify(anonymiseProperties(props(r, 'properties'), rules)),
        );
        const updated = await c.run(
          `UPDATE events SET distinct_id = $2, person_id = $3::UUID, properties = m.p
           FROM (SELECT unnest($4::VARCHAR[]) AS u, unnest($5::VARCHAR[]) AS p) m
           WHERE events.project_id = $1 AND events.uuid = m.u::UUID`,
          [plan.projectId, anonymise.distinctId, anonymise.personId, listValue(uuids), listValue(properties)],
        );
        counts.events = updated.rowsChanged;
      } else if (early?.covers) {
        // Only the newest row groups: DuckDB skips the rest by their created_at statistics.
        const late = await c.run(`DELETE FROM events WHERE ${EVENTS} AND created_at >= $4`, [
          ...base,
          timestampValue(early.since),
        ]);
        counts.events = early.deleted + late.rowsChanged;
      } else {
        counts.events =
          (early?.deleted ?? 0) + (await c.run(`DELETE FROM events WHERE ${EVENTS}`, base)).rowsChanged;
      }
      if (plan.mode === 'events_only') return counts;
      const byPerson = [plan.projectId, listValue(plan.personIds)];
      for (const [table, sql, byDistinctId] of IDENTITY_DELETES)
        counts[table] = (await c.run(sql, byDistinctId ? base : byPerson)).rowsChanged;
      return counts;
    });
  }
}
