import type { Insight } from './insight.ts';

/** Saved insights are few and small: the service keeps them in memory and writes each change through. */
export interface InsightStore {
  /**
   * The id for a new object, from a sequence every node shares (PostgreSQL); absent where one process is the only
   * writer, which then counts ids itself.
   */
  allocateId?(): Promise<number>;
  listInsights(): Promise<Insight[]>;
  saveInsight(insight: Insight): Promise<void>;
}
