import type { Insight } from './insight.ts';
import type { InsightStore } from './insight-store.ts';

export class MemoryInsightStore implements InsightStore {
  private readonly insights = new Map<number, Insight>();

  async listInsights(): Promise<Insight[]> {
    return [...this.insights.values()].map((i) => structuredClone(i));
  }

  async saveInsight(insight: Insight): Promise<void> {
    this.insights.set(insight.id, structuredClone(insight));
  }
}
