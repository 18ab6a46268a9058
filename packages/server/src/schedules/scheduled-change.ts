import type { ScheduledPayload } from './scheduled-change-schemas.ts';

/**
 * A change to one flag in one environment, applied at `scheduledAt` by the scheduler (PostHog's
 * `ScheduledChange`). A plan is several of them sharing `planId`, applied in `step` order.
 */
export interface ScheduledChange {
  id: string;
  projectId: number;
  environmentId: number;
  /** The flag's id (PostHog's `record_id`; `model_name` is always `FeatureFlag` here). */
  recordId: number;
  payload: ScheduledPayload;
  scheduledAt: Date;
  /** Set when a scheduler claimed it: a claimed change is never applied again, even if applying failed. */
  executedAt: Date | null;
  failureReason: string | null;
  /** Set when someone cancelled it, or when an earlier step of its plan failed. */
  cancelledAt: Date | null;
  planId: string | null;
  /** 0-based position in its plan. */
  step: number | null;
  /** Ids of the flag's guardrails that must pass, over their window before the step, for it to apply. */
  guardrailIds: string[];
  /** Set on a plan's unapplied steps while the plan is paused (a guardrail failed); a paused row is not due. */
  pausedAt: Date | null;
  /** Why the plan paused: the failing guardrails and their figures. */
  pauseReason: string | null;
  /** The member who resumed the plan past this step's failing guardrails: it applies without checking them. */
  guardrailsWaivedBy: string | null;
  createdAt: Date;
  createdBy: string;
}

/** Due order: time, then plan step, then id (what every store's list and claim sort by). */
export const byDueOrder = (a: ScheduledChange, b: ScheduledChange): number =>
  a.scheduledAt.getTime() - b.scheduledAt.getTime() ||
  (a.step ?? 0) - (b.step ?? 0) ||
  (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export type ScheduledChangeStatus = 'pending' | 'paused' | 'executed' | 'failed' | 'cancelled';

export function statusOf(c: ScheduledChange): ScheduledChangeStatus {
  if (c.cancelledAt) return 'cancelled';
  if (c.failureReason) return 'failed';
  if (c.pausedAt) return 'paused';
  return c.executedAt ? 'executed' : 'pending';
}

export type PlanStatus = 'active' | 'paused' | 'completed' | 'failed' | 'cancelled';

/**
 * A plan's status follows from its steps: one failure stops it, one cancelled step means it was cancelled, a
 * paused step means it waits for a member.
 */
export function planStatusOf(steps: ScheduledChange[]): PlanStatus {
  const statuses = steps.map(statusOf);
  if (statuses.includes('failed')) return 'failed';
  if (statuses.includes('cancelled')) return 'cancelled';
  if (statuses.includes('paused')) return 'paused';
  return statuses.includes('pending') ? 'active' : 'completed';
}

/** The `failureReason` of the steps a failed step stopped, so the timeline says why they never ran. */
export const stoppedPlanReason = (reason: string) => `An earlier step of the plan failed: ${reason}`;

/** A paused plan still holds its flag: a second plan would fight it once it resumes. */
export const holdsFlag = (status: PlanStatus) => status === 'active' || status === 'paused';
