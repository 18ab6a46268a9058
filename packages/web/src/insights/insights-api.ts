import { PROJECT } from '../api/endpoints.ts';
import { get, patch, post, query } from '../api/http.ts';
import type { Insight, InsightQuery } from '../api/query-types.ts';
import type { Page } from '../api/types.ts';

export interface QueryResponse {
  results: unknown;
  columns?: string[];
  is_cached?: boolean;
  last_refresh?: string;
}

export const runQuery = (q: unknown, refresh = false) =>
  post<QueryResponse>(`${PROJECT}/query/`, { query: q, ...(refresh ? { refresh: true } : {}) });

export const listInsights = (search = '') =>
  get<Page<Insight>>(`${PROJECT}/insights/${query({ search, limit: 200 })}`);

export const getInsight = (id: number, refresh = false) =>
  get<Insight>(`${PROJECT}/insights/${id}/${query({ refresh: refresh ? 'true' : undefined })}`);

/** Saved as PostHog's UI saves it: the runnable query inside an InsightVizNode. */
export const wrap = (source: InsightQuery) => ({ kind: 'InsightVizNode', source });

export interface InsightInput {
  name: string;
  description?: string;
  query: Record<string, unknown>;
  dashboards?: number[];
}

export const createInsight = (input: InsightInput) => post<Insight>(`${PROJECT}/insights/`, input);

export const updateInsight = (id: number, input: Partial<InsightInput>) =>
  patch<Insight>(`${PROJECT}/insights/${id}/`, input);
