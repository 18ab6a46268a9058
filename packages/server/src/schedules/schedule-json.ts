import type { RolloutPlan } from './schedule-service.ts';
import { type ScheduledChange, statusOf } from './scheduled-change.ts';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** PostHog's scheduled-change fields, plus Signpost's: status, cancellation, plan and environment. */
export function scheduledChangeJson(c: ScheduledChange) {
  return {
    id: c.id,
    team_id: c.environmentId,
    record_id: String(c.recordId),
    model_name: 'FeatureFlag',
    payload: c.payload,
    scheduled_at: c.scheduledAt.toISOString(),
    executed_at: iso(c.executedAt),
    failure_reason: c.failureReason,
    created_at: c.createdAt.toISOString(),
    created_by: c.createdBy,
    status: statusOf(c),
    cancelled_at: iso(c.cancelledAt),
    plan_id: c.planId,
    step: c.step,
    environment_id: c.environmentId,
    guardrails: c.guardrailIds,
    paused_at: iso(c.pausedAt),
    pause_reason: c.pauseReason,
    guardrails_waived_by: c.guardrailsWaivedBy,
  };
}

export function planJson(p: RolloutPlan) {
  return {
    id: p.id,
    flag_id: p.flagId,
    environment_id: p.environmentId,
    status: p.status,
    pause_reason: p.status === 'paused' ? (p.steps.find((s) => s.pauseReason)?.pauseReason ?? null) : null,
    created_at: p.createdAt.toISOString(),
    created_by: p.createdBy,
    steps: p.steps.map(scheduledChangeJson),
  };
}
