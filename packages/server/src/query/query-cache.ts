import { jsonSizeUpTo } from './json-size.ts';

const MAX_ENTRIES = 500;
const TTL_MS = 60_000;

export interface QueryCacheLimits {
  /** A result larger than this is answered but not kept: one such result could fill the cache alone. */
  maxEntryBytes: number;
  /** All kept results together; the least recently used go first. */
  maxBytes: number;
}

// A cached 300 MB trends result once held the heap at 3 GB until the next query crashed the process; a few
// MB per entry keeps every dashboard tile cached while a runaway result only passes through.
const DEFAULT_LIMITS: QueryCacheLimits = { maxEntryBytes: 4 * 1024 * 1024, maxBytes: 64 * 1024 * 1024 };

interface Entry {
  at: number;
  value: unknown;
  bytes: number;
}

/**
 * Query results per (project, normalized query). Every commit of new events bumps the project's data
 * version, and the version is part of the key, so a result is never served after the data it read changed;
 * the TTL bounds how long relative ranges ("-7d") keep their old "now".
 */
export class QueryCache {
  private readonly versions = new Map<number, number>();
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;
  private readonly limits: QueryCacheLimits;

  constructor(
    private readonly clock: () => number = Date.now,
    limits: Partial<QueryCacheLimits> = {},
  ) {
    this.limits = { ...DEFAULT_LIMITS, ...limits };
  }

  /** Called by ingestion after a commit lands. */
  invalidate(projectIds: Iterable<number>): void {
    for (const id of projectIds) this.versions.set(id, (this.versions.get(id) ?? 0) + 1);
  }

  /** `also`: other environments the result read ("all environments"), whose commits must invalidate it too. */
  key(projectId: number, normalized: string, also: readonly number[] = []): string {
    const others = also.filter((id) => id !== projectId).map((id) => `${id}.${this.versions.get(id) ?? 0}`);
    const head = `${projectId}:${this.versions.get(projectId) ?? 0}`;
    return others.length === 0 ? `${head}:${normalized}` : `${head}+${others.join('+')}:${normalized}`;
  }

  /** Entries and their estimated JSON bytes, for tests and diagnostics. */
  get size(): { entries: number; bytes: number } {
    return { entries: this.entries.size, bytes: this.bytes };
  }

  get(key: string): { at: number; value: unknown } | undefined {
    const hit = this.entries.get(key);
    if (!hit) return undefined;
    if (this.clock() - hit.at > TTL_MS) {
      this.remove(key);
      return undefined;
    }
    // Re-insert so Map order doubles as least-recently-used order.
    this.entries.delete(key);
    this.entries.set(key, hit);
    return hit;
  }

  /** Keeps `value` unless it is larger than one entry may be; returns whether it was kept. */
  set(key: string, value: unknown): boolean {
    this.remove(key);
    const bytes = jsonSizeUpTo(value, this.limits.maxEntryBytes);
    if (bytes > this.limits.maxEntryBytes) return false;
    this.entries.set(key, { at: this.clock(), value, bytes });
    this.bytes += bytes;
    while (this.entries.size > MAX_ENTRIES || this.bytes > this.limits.maxBytes) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.remove(oldest);
    }
    return true;
  }

  private remove(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.bytes -= entry.bytes;
  }
}
