import { PROJECT } from '../api/endpoints.ts';
import { del, get, patch, post, query } from '../api/http.ts';
import type { Dashboard, DashboardSummary, DashboardTemplate, TileLayout } from '../api/query-types.ts';
import type { Page } from '../api/types.ts';

export const listDashboards = () => get<Page<DashboardSummary>>(`${PROJECT}/dashboards/?limit=500`);

export const getDashboard = (id: number, refresh = false) =>
  get<Dashboard>(`${PROJECT}/dashboards/${id}/${query({ refresh: refresh ? 'true' : undefined })}`);

export const listTemplates = () => get<Page<DashboardTemplate>>(`${PROJECT}/dashboard_templates/`);

export const createDashboard = (input: { name?: string; description?: string; use_template?: string }) =>
  post<Dashboard>(`${PROJECT}/dashboards/`, input);

export const deleteDashboard = (id: number) => del(`${PROJECT}/dashboards/${id}/`);

export interface TilePatch {
  id?: number;
  insight?: number;
  layouts?: { sm: TileLayout };
  deleted?: boolean;
}

export const patchDashboard = (
  id: number,
  input: { name?: string; filters?: Dashboard['filters']; tiles?: TilePatch[] },
) => patch<Dashboard>(`${PROJECT}/dashboards/${id}/`, input);
