const MAX_ENTRIES = 500;
const TTL_MS = 60_000;

/**
 * Query results per (project, normalized query). Every commit of new events bumps the project's data
 * version, and the version is part of the key, so a result is never served after the data it read changed;
 * the TTL bounds how long relative ranges ("-7d") keep their old "now".
 */
export class QueryCache {
  private readonly versions = new Map<number, number>();
  private readonly entries = new Map<string, { at: number; value: unknown }>();

  constructor(private readonly clock: () => number = Date.now) {}

  /** Called by ingestion after a commit lands. */
  invalidate(projectIds: Iterable<number>): void {
    for (const id of projectIds) this.versions.set(id, (this.versions.get(id) ?? 0) + 1);
  }

  key(projectId: number, normalized: string): string {
    return `${projectId}:${this.versions.get(projectId) ?? 0}:${normalized}`;
  }

  get(key: string): { at: number; value: unknown } | undefined {
    const hit = this.entries.get(key);
    if (!hit) return undefined;
    if (this.clock() - hit.at > TTL_MS) {
      this.entries.delete(key);
      return undefined;
    }
    // Re-insert so Map order doubles as least-recently-used order.
    this.entries.delete(key);
    this.entries.set(key, hit);
    return hit;
  }

  set(key: string, value: unknown): void {
    this.entries.set(key, { at: this.clock(), value });
    while (this.entries.size > MAX_ENTRIES) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }
}
