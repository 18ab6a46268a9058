import type { Notification } from '../webhooks/notifier.ts';
import type { GuardrailReading } from './guardrail-gate.ts';
import type { ScheduledChange } from './scheduled-change.ts';

/** Why a plan paused, for people: each failing guardrail's own line. */
export const pauseReasonOf = (readings: readonly GuardrailReading[]): string =>
  readings
    .filter((r) => !r.passed)
    .map((r) => `${r.name}: ${r.message}${r.flagDisabled ? '; flag turned off' : ''}`)
    .join('; ');

/** A plan that stopped before a step because its guardrails failed, as `plan.paused` subscribers see it. */
export function planPausedNotification(
  step: ScheduledChange,
  stepCount: number,
  flagKey: string,
  readings: readonly GuardrailReading[],
  at: Date,
): Notification {
  const position = `${(step.step ?? 0) + 1}/${stepCount}`;
  const failing = readings.filter((r) => !r.passed);
  return {
    type: 'plan.paused',
    projectId: step.projectId,
    environmentId: step.environmentId,
    at,
    title: `Rollout plan of ${flagKey} paused before step ${position}: a guardrail failed`,
    lines: [
      ...failing.map((r) => `${r.name}: ${r.message}${r.flagDisabled ? '; flag turned off' : ''}`),
      'no further step applies until a member resumes or cancels the plan',
    ],
    data: {
      flag: { id: step.recordId, key: flagKey },
      plan_id: step.planId,
      step: (step.step ?? 0) + 1,
      steps: stepCount,
      scheduled_change_id: step.id,
      payload: step.payload,
      status: 'paused',
      reason: pauseReasonOf(readings),
      guardrails: readings.map((r) => ({
        id: r.id,
        name: r.name,
        passed: r.passed,
        value: r.value,
        message: r.message,
        critical: r.critical,
        flag_disabled: r.flagDisabled,
      })),
    },
  };
}
