import type { ScheduledChange } from './scheduled-change.ts';
import { byDueOrder, stoppedPlanReason } from './scheduled-change.ts';
import type { ScheduledChangeQuery, ScheduledChangeStore } from './scheduled-change-store.ts';

const clone = <T>(value: T): T => structuredClone(value);
const pending = (c: ScheduledChange) => c.executedAt === null && c.cancelledAt === null;
const due = (c: ScheduledChange) => pending(c) && c.pausedAt === null;

/** The in-memory fake: one process, so a claim is a plain loop (no other node can race it). */
export class FakeScheduledChangeStore implements ScheduledChangeStore {
  private readonly rows = new Map<string, ScheduledChange>();

  async insert(changes: ScheduledChange[]): Promise<void> {
    for (const c of changes) this.rows.set(c.id, clone(c));
  }

  async list(q: ScheduledChangeQuery): Promise<ScheduledChange[]> {
    return [...this.rows.values()]
      .filter((c) => c.projectId === q.projectId)
      .filter((c) => q.recordId === undefined || c.recordId === q.recordId)
      .filter((c) => q.environmentId === undefined || c.environmentId === q.environmentId)
      .sort(byDueOrder)
      .map(clone);
  }

  async get(id: string): Promise<ScheduledChange | undefined> {
    const c = this.rows.get(id);
    return c && clone(c);
  }

  async claimDue(now: Date, limit: number): Promise<ScheduledChange[]> {
    const claimed = [...this.rows.values()]
      .filter((c) => due(c) && c.scheduledAt <= now)
      .sort(byDueOrder)
      .slice(0, limit);
    for (const c of claimed) c.executedAt = now;
    return claimed.map(clone);
  }

  async recordFailure(id: string, reason: string, at: Date): Promise<void> {
    const c = this.rows.get(id);
    if (!c) return;
    c.failureReason = reason;
    if (c.planId === null) return;
    for (const other of this.rows.values())
      if (other.planId === c.planId && pending(other)) {
        other.cancelledAt = at;
        other.failureReason = stoppedPlanReason(reason);
      }
  }

  async cancel(id: string, at: Date): Promise<boolean> {
    const c = this.rows.get(id);
    if (!c || !pending(c)) return false;
    c.cancelledAt = at;
    return true;
  }

  async pausePlan(planId: string, fromStep: number, reason: string, at: Date): Promise<string[]> {
    const paused: string[] = [];
    for (const c of this.rows.values())
      if (
        c.planId === planId &&
        (c.step ?? 0) >= fromStep &&
        c.cancelledAt === null &&
        c.failureReason === null
      ) {
        c.executedAt = null;
        c.pausedAt = at;
        c.pauseReason = reason;
        paused.push(c.id);
      }
    return paused;
  }

  async resumePlan(planId: string, by: string): Promise<boolean> {
    const paused = [...this.rows.values()]
      .filter((c) => c.planId === planId && pending(c) && c.pausedAt !== null)
      .sort(byDueOrder);
    const [held] = paused;
    if (!held) return false;
    for (const c of paused) {
      c.pausedAt = null;
      c.pauseReason = null;
    }
    held.guardrailsWaivedBy = by;
    return true;
  }

  async cancelPlan(planId: string, at: Date): Promise<number> {
    let count = 0;
    for (const c of this.rows.values())
      if (c.planId === planId && pending(c)) {
        c.cancelledAt = at;
        count += 1;
      }
    return count;
  }

  async nextDue(): Promise<Date | null> {
    const first = [...this.rows.values()].filter(due).sort(byDueOrder)[0];
    return first ? new Date(first.scheduledAt) : null;
  }
}
