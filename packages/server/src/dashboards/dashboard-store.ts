import type { Dashboard } from './dashboard.ts';

/** Dashboards are small documents (tiles inside): the service keeps them in memory and writes through. */
export interface DashboardStore {
  /**
   * The id for a new object, from a sequence every node shares (PostgreSQL); absent where one process is the only
   * writer, which then counts ids itself.
   */
  allocateId?(): Promise<number>;
  listDashboards(): Promise<Dashboard[]>;
  saveDashboard(dashboard: Dashboard): Promise<void>;
}
