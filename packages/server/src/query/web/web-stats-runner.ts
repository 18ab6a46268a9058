import { queryRange } from '../actor-events.ts';
import { execute, newContext, type QueryEngine, toNumber } from '../query-engine.ts';
import type { WebStatsBreakdown, WebStatsTableQuery } from '../query-schemas.ts';
import { BOUNCE_SQL, webSessionsSql } from './web-sessions-sql.ts';

/**
 * The event property each breakdown reads, as posthog-js sends it (Browser, OS and DeviceType are also
 * derived from the user agent at ingestion). `perPageview`: grouped by each pageview's value; otherwise by
 * the session's first value, as PostHog's `$entry_*` session properties are.
 */
const BREAKDOWNS: Record<WebStatsBreakdown, { key: string; perPageview?: true }> = {
  Page: { key: '$pathname', perPageview: true },
  InitialPage: { key: '$pathname' },
  InitialReferringDomain: { key: '$referring_domain' },
  InitialUTMSource: { key: 'utm_source' },
  InitialUTMMedium: { key: 'utm_medium' },
  InitialUTMCampaign: { key: 'utm_campaign' },
  Browser: { key: '$browser' },
  OS: { key: '$os' },
  DeviceType: { key: '$device_type' },
  Country: { key: '$geoip_country_code' },
};

export const WEB_STATS_COLUMNS = [
  'context.columns.breakdown_value',
  'context.columns.visitors',
  'context.columns.views',
  'context.columns.bounce_rate',
] as const;

const DEFAULT_LIMIT = 10;

// A page's visitors and views come from its pageviews, its bounce rate from the sessions that entered on
// it; both halves are summed as doubles so the union has one column type on every engine.
const PAGE_SQL = (pageview: string, limit: number) => `
  SELECT v, sum(u_visitors) AS visitors, sum(u_views) AS views, sum(u_sessions) AS sessions,
    sum(u_bounces) AS bounces
  FROM (
    SELECT val AS v, CAST(count(DISTINCT person) AS DOUBLE) AS u_visitors, CAST(count(*) AS DOUBLE) AS u_views,
      CAST(0 AS DOUBLE) AS u_sessions, CAST(0 AS DOUBLE) AS u_bounces
    FROM ev WHERE name = ${pageview} AND val IS NOT NULL GROUP BY val
    UNION ALL
    SELECT entry AS v, CAST(0 AS DOUBLE), CAST(0 AS DOUBLE), CAST(count(*) AS DOUBLE),
      CAST(sum(${BOUNCE_SQL}) AS DOUBLE)
    FROM s WHERE pageviews > 0 AND entry IS NOT NULL GROUP BY entry
  ) u
  GROUP BY v HAVING sum(u_views) > 0
  ORDER BY visitors DESC, views DESC, v LIMIT ${limit}`;

const SESSION_SQL = (limit: number) => `
  SELECT entry AS v, count(DISTINCT actor) AS visitors, sum(pageviews) AS views, count(*) AS sessions,
    sum(${BOUNCE_SQL}) AS bounces
  FROM s WHERE pageviews > 0 AND entry IS NOT NULL GROUP BY entry
  ORDER BY visitors DESC, views DESC, v LIMIT ${limit}`;

/**
 * WebStatsTableQuery: the top values of one breakdown by visitors, with views and bounce rate (a fraction,
 * as PostHog's table gives it). Rows without a value are left out; `hasMore` says the list was cut.
 */
export async function runWebStatsTableQuery(
  engine: QueryEngine,
  q: WebStatsTableQuery,
): Promise<{ columns: string[]; results: (string | number | null)[][]; hasMore: boolean; limit: number }> {
  const limit = q.limit ?? DEFAULT_LIMIT;
  const withBounce = q.includeBounceRate !== false;
  const columns = withBounce ? [...WEB_STATS_COLUMNS] : WEB_STATS_COLUMNS.slice(0, 3);
  engine.budget.reserve(limit * columns.length, 'ask for fewer rows');
  const range = await queryRange(engine, q.dateRange, 'day', '-7d');
  const breakdown = BREAKDOWNS[q.breakdownBy];
  const ctx = newContext(engine);
  const ctes = webSessionsSql(ctx, {
    from: range.from,
    to: range.to,
    properties: q.properties,
    valueKey: breakdown.key,
  });
  // Integer literal, not a parameter: both engines want a constant LIMIT, and `limit` is validated 1…100.
  const body = breakdown.perPageview ? PAGE_SQL(ctx.bind('$pageview'), limit + 1) : SESSION_SQL(limit + 1);
  const rows = await execute(engine, ctx, `${ctes} ${body}`, { maxRows: limit + 1 });
  const results = rows.slice(0, limit).map((r) => {
    const sessions = toNumber(r.sessions);
    const row: (string | number | null)[] = [String(r.v), toNumber(r.visitors), toNumber(r.views)];
    if (withBounce) row.push(sessions > 0 ? toNumber(r.bounces) / sessions : null);
    return row;
  });
  return { columns, results, hasMore: rows.length > limit, limit };
}
