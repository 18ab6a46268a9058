import type { AnyQuery } from '../query/query-schemas.ts';
import type { DashboardFilters } from './dashboard.ts';

/**
 * A tile's query under the dashboard's filters. As in PostHog, a dashboard `date_from` replaces the whole
 * range: a `date_to` the dashboard leaves out means "until now", not the tile's own end.
 */
export function applyDashboardFilters(source: AnyQuery, filters: DashboardFilters): AnyQuery {
  if (!filters.date_from) return source;
  if (source.kind === 'EventsQuery')
    return { ...source, after: filters.date_from, before: filters.date_to ?? null };
  return { ...source, dateRange: { date_from: filters.date_from, date_to: filters.date_to ?? null } };
}
