import type { QueryTarget } from '../api/api-auth.ts';
import type { DashboardFilters } from '../dashboards/dashboard.ts';
import { applyDashboardFilters } from '../dashboards/dashboard-filters.ts';
import { AppError } from '../errors/app-error.ts';
import type { Insight } from './insight.ts';
import { insightSource } from './insight-query.ts';
import type { QueryService } from './query-service.ts';

/** The computed part of an insight as PostHog returns it next to the saved fields. */
export interface InsightResult {
  result: unknown;
  columns?: unknown;
  hasMore: boolean;
  is_cached: boolean;
  last_refresh: string | null;
  timezone: string;
  query_status: null;
  /** Set instead of `result` when the query cannot run (say a cohort it filters on was deleted). */
  error?: { code: string; detail: string; attr: string | null };
}

/**
 * Runs an insight's query through the query service, so saved insights and dashboards share the query
 * cache (and its invalidation on new data) with the query endpoint. `refresh` forces a recomputation.
 */
export async function insightResult(
  queries: QueryService,
  project: QueryTarget,
  insight: Insight,
  options: { refresh: boolean; filters?: DashboardFilters | undefined },
): Promise<InsightResult> {
  const empty = {
    result: null,
    hasMore: false,
    is_cached: false,
    last_refresh: null,
    timezone: project.timezone,
    query_status: null,
  };
  try {
    const source = applyDashboardFilters(insightSource(insight.query), options.filters ?? {});
    const response = await queries.run(project, { query: source, refresh: options.refresh });
    return {
      result: response.results ?? null,
      ...(response.columns === undefined ? {} : { columns: response.columns }),
      hasMore: response.hasMore === true,
      is_cached: response.is_cached === true,
      last_refresh: typeof response.last_refresh === 'string' ? response.last_refresh : null,
      timezone: project.timezone,
      query_status: null,
    };
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return { ...empty, error: { code: error.code, detail: error.detail, attr: error.attr } };
  }
}
