import { runEventsQuery } from './events/events-runner.ts';
import { runFunnelsQuery } from './funnels/funnels-runner.ts';
import { runLifecycleQuery } from './lifecycle/lifecycle-runner.ts';
import { runPathsQuery } from './paths/paths-runner.ts';
import type { QueryEngine } from './query-engine.ts';
import type { AnyQuery } from './query-schemas.ts';
import { runRetentionQuery } from './retention/retention-runner.ts';
import { runStickinessQuery } from './stickiness/stickiness-runner.ts';
import { runTrendsQuery } from './trends/trends-runner.ts';
import { runWebOverviewQuery } from './web/web-overview-runner.ts';
import { runWebStatsTableQuery } from './web/web-stats-runner.ts';

/** Runs one validated query of any supported kind; the response body without cache fields. */
export async function runQuery(engine: QueryEngine, query: AnyQuery): Promise<Record<string, unknown>> {
  const timezone = engine.env.timeZone;
  switch (query.kind) {
    case 'TrendsQuery':
      return { results: await runTrendsQuery(engine, query), timezone, hasMore: false };
    case 'EventsQuery':
      return { ...(await runEventsQuery(engine, query)), timezone };
    case 'FunnelsQuery':
      return { results: await runFunnelsQuery(engine, query), timezone, isUdf: false };
    case 'RetentionQuery':
      return { results: await runRetentionQuery(engine, query), timezone };
    case 'LifecycleQuery':
      return { results: await runLifecycleQuery(engine, query), timezone };
    case 'StickinessQuery':
      return { results: await runStickinessQuery(engine, query), timezone };
    case 'PathsQuery':
      return { results: await runPathsQuery(engine, query), timezone };
    case 'WebOverviewQuery':
      return { ...(await runWebOverviewQuery(engine, query)), timezone };
    case 'WebStatsTableQuery':
      return { ...(await runWebStatsTableQuery(engine, query)), timezone };
  }
}
