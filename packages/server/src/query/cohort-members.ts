import { CompileContext } from './compile-context.ts';
import { filterSql } from './property-filter-sql.ts';
import { execute, type QueryEngine } from './query-engine.ts';

/** Compiles person conditions against the identity tables, not an event: the person is `pdi.person_id`. */
class PersonRowContext extends CompileContext {
  override personKey(): string {
    this.needsPerson = true;
    return 'pdi.person_id';
  }
}

/**
 * The distinct ids of every person in a cohort, in the engine's environment: a cohort filter evaluated over
 * each distinct id's current person, so a behavioural cohort's members come from the same SQL insights run.
 * `maxRows` bounds the answer like any query's (one row per distinct id).
 */
export async function cohortMemberIds(engine: QueryEngine, cohortId: number): Promise<string[]> {
  // No override join: the mapping read here already is each distinct id's current person.
  const ctx = new PersonRowContext(engine.dialect, { ...engine.env, personOverrides: false });
  const condition = filterSql(ctx, { key: 'id', type: 'cohort', value: cohortId, operator: 'in' }, 'cohort');
  const { ctes, joins } = ctx.joins();
  const d = engine.dialect;
  const sql = `WITH ${[
    ...ctes,
    `pdi AS (SELECT distinct_id, ${d.argMax('person_id', 'version')} AS person_id FROM person_distinct_ids
      WHERE ${ctx.inProject('project_id')} GROUP BY distinct_id)`,
  ].join(',\n')}
    SELECT pdi.distinct_id AS distinct_id FROM pdi ${joins.join(' ')} WHERE ${condition} ORDER BY 1`;
  const rows = await execute(engine, ctx, sql, {
    advice: 'the cohort has more members than one query may list',
  });
  return rows.map((r) => String(r.distinct_id));
}
