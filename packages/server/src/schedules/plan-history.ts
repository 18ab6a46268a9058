import type { ChangeContext } from '../activity-log/activity-entry.ts';
import type { NewEntry } from '../activity-log/activity-log-service.ts';
import type { ScheduledChange } from './scheduled-change.ts';

/** Appends one entry to the activity log (the flag's history reads the same log). */
export type RecordActivity = (entry: NewEntry, by: ChangeContext) => Promise<unknown>;

export type PlanEvent = 'paused' | 'resumed' | 'cancelled';

/**
 * A plan's pause, resume or cancel in its flag's history: nothing in the flag's settings changed, so the entry
 * is one `rollout_plan` field going from one plan status to the next, with the why in `reason`.
 */
export function planHistoryEntry(step: ScheduledChange, flagKey: string, event: PlanEvent): NewEntry {
  const before = event === 'paused' ? 'active' : 'paused';
  const after = event === 'paused' ? 'paused' : event === 'resumed' ? 'active' : 'cancelled';
  return {
    projectId: step.projectId,
    scope: 'FeatureFlag',
    itemId: String(step.recordId),
    activity: 'updated',
    name: flagKey,
    environmentId: step.environmentId,
    changes: [
      {
        type: 'FeatureFlag',
        action: 'changed',
        field: 'rollout_plan',
        before: { plan_id: step.planId, status: before },
        after: { plan_id: step.planId, status: after, step: (step.step ?? 0) + 1 },
      },
    ],
  };
}
