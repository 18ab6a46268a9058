import type { Insight } from './insight.ts';

/** Saved insights are few and small: the service keeps them in memory and writes each change through. */
export interface InsightStore {
  listInsights(): Promise<Insight[]>;
  saveInsight(insight: Insight): Promise<void>;
}
