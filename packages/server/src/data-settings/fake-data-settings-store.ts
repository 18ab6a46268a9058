import type { DataSettings } from './data-settings.ts';
import type { DataSettingsStore } from './data-settings-store.ts';

export class FakeDataSettingsStore implements DataSettingsStore {
  private readonly rows = new Map<number, DataSettings>();

  async listDataSettings(): Promise<Map<number, DataSettings>> {
    return new Map([...this.rows].map(([id, s]) => [id, structuredClone(s)]));
  }

  async putDataSettings(projectId: number, settings: DataSettings): Promise<void> {
    this.rows.set(projectId, structuredClone(settings));
  }
}
