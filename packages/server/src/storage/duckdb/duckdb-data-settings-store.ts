import type { DataSettings } from '../../data-settings/data-settings.ts';
import type { DataSettingsStore } from '../../data-settings/data-settings-store.ts';
import { DATA_SETTINGS_SQL, dataSettingsOfRow, dataSettingsParams } from '../data-settings-sql.ts';
import type { DuckDbDatabase } from './duckdb-database.ts';

export class DuckDbDataSettingsStore implements DataSettingsStore {
  constructor(private readonly db: DuckDbDatabase) {}

  async listDataSettings(): Promise<Map<number, DataSettings>> {
    return new Map((await this.db.query(DATA_SETTINGS_SQL.list)).map(dataSettingsOfRow));
  }

  async putDataSettings(projectId: number, settings: DataSettings): Promise<void> {
    await this.db.write((c) => c.run(DATA_SETTINGS_SQL.put, dataSettingsParams(projectId, settings)));
  }
}
