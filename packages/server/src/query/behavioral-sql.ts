import type { BehavioralLeaf } from '../cohorts/behavioral-leaf.ts';
import type { CompileContext } from './compile-context.ts';

const DAY_MS = 86_400_000;

/**
 * Persons whose distinct ids have, together, `count` or more events named `event` in the window: the person
 * ids of the distinct ids' current mappings (as static cohorts resolve theirs), so merged identities count
 * once and every engine reads the same tables. Counts per distinct id first: the window's events are far
 * fewer than the mapping rows, so the join stays small.
 */
function atLeastSql(ctx: CompileContext, leaf: BehavioralLeaf, count: number): string {
  const d = ctx.dialect;
  const to = ctx.env.now;
  const from = new Date(to.getTime() - leaf.days * DAY_MS);
  return `(SELECT pdi.person_id FROM (SELECT distinct_id, ${d.argMax('person_id', 'version')} AS person_id
      FROM person_distinct_ids WHERE ${ctx.inProject('project_id')} GROUP BY distinct_id) AS pdi
    INNER JOIN (SELECT b.distinct_id AS distinct_id, count(*) AS c FROM ${d.events('b')}
      WHERE ${ctx.inProject('b.project_id')} AND b.event = ${ctx.bind(leaf.event)}
        AND b.timestamp >= ${d.timestampParam(ctx.bind(from))} AND b.timestamp < ${d.timestampParam(ctx.bind(to))}
      GROUP BY b.distinct_id) AS ev ON ev.distinct_id = pdi.distinct_id
    GROUP BY pdi.person_id HAVING sum(ev.c) >= ${ctx.bind(count)})`;
}

/**
 * A behavioural leaf as a condition on the person being read (before its `negation`, which the caller
 * applies). "At most N" is "not N + 1 or more", so persons without a single such event match it too.
 */
export function behavioralSql(ctx: CompileContext, leaf: BehavioralLeaf): string {
  const person = ctx.personKey();
  const inSet = (count: number) =>
    `coalesce(${ctx.dialect.inSubquery(person, atLeastSql(ctx, leaf, count))}, false)`;
  switch (leaf.operator) {
    case 'gte':
      return inSet(leaf.count);
    case 'lte':
      return `NOT ${inSet(leaf.count + 1)}`;
    case 'exact':
      return `(${inSet(leaf.count)} AND NOT ${inSet(leaf.count + 1)})`;
  }
}
