import { listValue } from '@duckdb/node-api';
import { anonymiseProperties } from '../../erasure/anonymise-properties.ts';
import type { ErasureCounts, ErasurePlan } from '../../erasure/erasure.ts';
import type { PersonEraser } from '../../erasure/person-eraser.ts';
import type { DuckDbDatabase } from './duckdb-database.ts';
import { props, str } from './row-values.ts';

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
 * Erasure on the embedded file, in one write transaction: it queues behind (and ahead of) group commits on the
 * single write connection, so a reader sees the person either whole or gone. Identity tables keep every
 * version of a row, and every version goes.
 */
export class DuckDbPersonEraser implements PersonEraser {
  constructor(private readonly db: DuckDbDatabase) {}

  async erase(plan: ErasurePlan): Promise<ErasureCounts> {
    const counts = await this.remove(plan);
    // Until a checkpoint the erased values still sit in the main file's blocks (and in any file-level copy of
    // the folder); measured gone from the file after it. A failed one is retried by the idle timer.
    await this.db.checkpointIfIdle().catch(() => undefined);
    return counts;
  }

  private remove(plan: ErasurePlan): Promise<ErasureCounts> {
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
      } else {
        counts.events = (await c.run(`DELETE FROM events WHERE ${EVENTS}`, base)).rowsChanged;
      }
      if (plan.mode === 'events_only') return counts;
      const byPerson = [plan.projectId, listValue(plan.personIds)];
      for (const [table, sql, byDistinctId] of IDENTITY_DELETES)
        counts[table] = (await c.run(sql, byDistinctId ? base : byPerson)).rowsChanged;
      return counts;
    });
  }
}
