import type { Dashboard } from '../../dashboards/dashboard.ts';
import type { DashboardStore } from '../../dashboards/dashboard-store.ts';
import type { DuckDbDatabase } from './duckdb-database.ts';
import { fromDocument, toDocument } from './json-documents.ts';
import { timestampValue } from './row-values.ts';

export class DuckDbDashboardStore implements DashboardStore {
  constructor(private readonly db: DuckDbDatabase) {}

  async listDashboards(): Promise<Dashboard[]> {
    const rows = await this.db.query('SELECT data FROM dashboards ORDER BY id');
    return rows.map((r) => fromDocument<Dashboard>(r.data, ['createdAt', 'lastModifiedAt']));
  }

  async saveDashboard(dashboard: Dashboard): Promise<void> {
    await this.db.write((c) =>
      c.run(
        `INSERT INTO dashboards VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (id) DO UPDATE SET data = excluded.data, version = excluded.version,
           deleted = excluded.deleted, updated_at = excluded.updated_at`,
        [
          dashboard.id,
          dashboard.projectId,
          toDocument(dashboard),
          dashboard.version,
          dashboard.deleted,
          timestampValue(dashboard.lastModifiedAt),
        ],
      ),
    );
  }
}
