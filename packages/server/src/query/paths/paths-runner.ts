import { queryRange } from '../actor-events.ts';
import { execute, newContext, type QueryEngine, toNumber } from '../query-engine.ts';
import type { PathsQuery } from '../query-schemas.ts';
import { pathEdgesSql } from './paths-sql.ts';

/** One edge of a PathsQuery result: PostHog prefixes each step with its position (`1_/home`). */
export interface PathEdge {
  source: string;
  target: string;
  value: number;
  average_conversion_time: number;
}

/** PathsQuery: the most travelled edges between consecutive steps of actors' paths. */
export async function runPathsQuery(engine: QueryEngine, q: PathsQuery): Promise<PathEdge[]> {
  const range = await queryRange(engine, q.dateRange, 'day');
  const ctx = newContext(engine);
  const rows = await execute(engine, ctx, pathEdgesSql(ctx, q, range), {
    advice: 'lower pathsFilter.edgeLimit',
  });
  engine.budget.reserve(rows.length, 'lower pathsFilter.edgeLimit');
  return rows.map((r) => {
    const n = toNumber(r.n);
    return {
      source: `${n}_${String(r.item)}`,
      target: `${n + 1}_${String(r.next_item)}`,
      value: toNumber(r.value),
      average_conversion_time: toNumber(r.avg_ms),
    };
  });
}
