import type { FlagUsageRow } from './flag-usage.ts';
import type { FlagUsageStore } from './flag-usage-store.ts';

export class FakeFlagUsageStore implements FlagUsageStore {
  private readonly rows = new Map<string, FlagUsageRow>();

  async addUsage(rows: readonly FlagUsageRow[]): Promise<void> {
    for (const r of rows) {
      const key = JSON.stringify([r.environmentId, r.flagKey, r.day, r.value]);
      const stored = this.rows.get(key);
      if (stored) stored.count += r.count;
      else this.rows.set(key, { ...r });
    }
  }

  async listUsage(environmentId: number, sinceDay: string): Promise<FlagUsageRow[]> {
    return [...this.rows.values()]
      .filter((r) => r.environmentId === environmentId && r.day >= sinceDay)
      .map((r) => ({ ...r }))
      .sort((a, b) => compare(a.flagKey, b.flagKey) || compare(a.day, b.day) || compare(a.value, b.value));
  }

  async lastUsedDays(environmentId: number): Promise<Map<string, string>> {
    const last = new Map<string, string>();
    for (const r of this.rows.values())
      if (r.environmentId === environmentId && r.day > (last.get(r.flagKey) ?? ''))
        last.set(r.flagKey, r.day);
    return last;
  }

  /** Deleting an environment takes its usage with it, as the SQL engines' team deletion does. */
  forgetEnvironment(environmentId: number): void {
    for (const [key, r] of this.rows) if (r.environmentId === environmentId) this.rows.delete(key);
  }
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
