import type { ScheduledChange } from './scheduled-change.ts';

export interface ScheduledChangeQuery {
  projectId: number;
  recordId?: number | undefined;
  environmentId?: number | undefined;
}

/**
 * Scheduled changes and plan steps. Several nodes may share one store (PostgreSQL): `claimDue` marks each due
 * row executed and hands it to exactly one caller, so a change is applied at most once however many nodes poll.
 */
export interface ScheduledChangeStore {
  /** All or nothing (a plan's steps are inserted together). */
  insert(changes: ScheduledChange[]): Promise<void>;
  /** Ordered by `scheduledAt`, then step, then id. */
  list(q: ScheduledChangeQuery): Promise<ScheduledChange[]>;
  get(id: string): Promise<ScheduledChange | undefined>;
  /**
   * Takes up to `limit` pending changes due at `now` (not executed, cancelled or paused), sets `executedAt = now` and
   * returns them in due order. A row is returned to one caller only.
   */
  claimDue(now: Date, limit: number): Promise<ScheduledChange[]>;
  /** Records why a claimed change failed, and cancels its plan's pending steps (a failure stops the plan). */
  recordFailure(id: string, reason: string, at: Date): Promise<void>;
  /** Cancels one change if still pending; returns whether it was. */
  cancel(id: string, at: Date): Promise<boolean>;
  /**
   * Pauses a plan at step `fromStep`: that step and every later one not applied yet (claimed in this pass
   * included) become pending again, paused with `reason`. Returns the ids paused.
   */
  pausePlan(planId: string, fromStep: number, reason: string, at: Date): Promise<string[]>;
  /**
   * Unpauses a paused plan: its earliest paused step is due at once with its guardrails waived by `by`, the
   * others keep their times. Returns whether the plan was paused.
   */
  resumePlan(planId: string, by: string, at: Date): Promise<boolean>;
  /** Cancels a plan's pending (or paused) steps; returns how many were. */
  cancelPlan(planId: string, at: Date): Promise<number>;
  /**
   * Runs `pass` unless another node is running one (then answers undefined at once): plan steps applied by two
   * nodes at the same time could land out of order. Absent where this process is the only scheduler.
   */
  exclusively?<T>(pass: () => Promise<T>): Promise<T | undefined>;
  /** When the earliest pending, unpaused change is due, if any (the scheduler's timer aims at it). */
  nextDue(): Promise<Date | null>;
}
