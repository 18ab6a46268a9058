import type { Notification } from '../webhooks/notifier.ts';
import type { ScheduledChange } from './scheduled-change.ts';

/** A plan step that ran (or failed), as webhook subscribers of `plan.step` see it. */
export function planStepNotification(
  change: ScheduledChange,
  stepCount: number,
  flagKey: string,
  failure: string | null,
  at: Date,
): Notification {
  const position = `${(change.step ?? 0) + 1}/${stepCount}`;
  const { operation, value } = change.payload;
  return {
    type: 'plan.step',
    projectId: change.projectId,
    environmentId: change.environmentId,
    at,
    title: failure
      ? `Rollout plan of ${flagKey}: step ${position} failed`
      : `Rollout plan of ${flagKey}: step ${position} applied`,
    lines: [
      `${operation}: ${JSON.stringify(value)}`,
      ...(failure ? [`failed: ${failure}`, 'the plan is stopped'] : []),
    ],
    data: {
      flag: { id: change.recordId, key: flagKey },
      plan_id: change.planId,
      step: (change.step ?? 0) + 1,
      steps: stepCount,
      scheduled_change_id: change.id,
      payload: change.payload,
      status: failure ? 'failed' : 'executed',
      failure_reason: failure,
    },
  };
}
