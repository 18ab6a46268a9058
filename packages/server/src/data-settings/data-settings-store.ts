import type { DataSettings } from './data-settings.ts';

export interface DataSettingsStore {
  /** Every project's stored settings (projects left at the defaults have no row). */
  listDataSettings(): Promise<Map<number, DataSettings>>;
  /** Replaces the project's settings whole (the service merges a change into the current value first). */
  putDataSettings(projectId: number, settings: DataSettings): Promise<void>;
}
