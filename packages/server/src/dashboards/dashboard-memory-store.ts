import type { Dashboard } from './dashboard.ts';
import type { DashboardStore } from './dashboard-store.ts';

export class MemoryDashboardStore implements DashboardStore {
  private readonly dashboards = new Map<number, Dashboard>();

  async listDashboards(): Promise<Dashboard[]> {
    return [...this.dashboards.values()].map((d) => structuredClone(d));
  }

  async saveDashboard(dashboard: Dashboard): Promise<void> {
    this.dashboards.set(dashboard.id, structuredClone(dashboard));
  }
}
