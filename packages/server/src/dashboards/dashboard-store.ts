import type { Dashboard } from './dashboard.ts';

/** Dashboards are small documents (tiles inside): the service keeps them in memory and writes through. */
export interface DashboardStore {
  listDashboards(): Promise<Dashboard[]>;
  saveDashboard(dashboard: Dashboard): Promise<void>;
}
