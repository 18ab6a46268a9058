import { PROJECT } from '../api/endpoints.ts';

/** A scheduled change's payload: PostHog's `{operation, value}` (the operations the Schedule card offers). */
export type SchedulePayload =
  | { operation: 'update_status'; value: boolean }
  | { operation: 'update_rollout'; value: number };

export interface ScheduledChange {
  id: string;
  record_id: string;
  payload: { operation: string; value: unknown };
  scheduled_at: string;
  executed_at: string | null;
  failure_reason: string | null;
  status: 'pending' | 'paused' | 'executed' | 'failed' | 'cancelled';
  plan_id: string | null;
  step: number | null;
  /** Ids of the flag's guardrails this plan step waits on. */
  guardrails?: string[];
  pause_reason?: string | null;
  guardrails_waived_by?: string | null;
}

export interface RolloutPlan {
  id: string;
  status: 'active' | 'paused' | 'completed' | 'failed' | 'cancelled';
  /** Why the plan is paused (its failing guardrails and their figures). */
  pause_reason?: string | null;
  steps: ScheduledChange[];
}

/** A flag's guardrail, as far as the Schedule card names it. */
export interface GuardrailRef {
  id: string;
  name: string;
}

export const changesPath = (flagId: number) =>
  `${PROJECT}/scheduled_changes/?model_name=FeatureFlag&record_id=${flagId}`;
export const plansPath = (flagId: number) => `${PROJECT}/feature_flags/${flagId}/rollout_plans/`;
export const guardrailsPath = (flagId: number) => `${PROJECT}/feature_flags/${flagId}/guardrails/`;

/** A change in a few words, for the timeline. */
export function describeChange(payload: ScheduledChange['payload']): string {
  switch (payload.operation) {
    case 'update_status':
      return payload.value ? 'Enable' : 'Disable';
    case 'update_rollout':
      return `Roll out to ${String(payload.value)}%`;
    case 'add_release_condition':
      return 'Add release conditions';
    case 'update_filters':
      return 'Replace release conditions';
    case 'update_variants':
      return 'Change the variant split';
    case 'update_payloads':
      return 'Change payloads';
    default:
      return payload.operation;
  }
}

/** A `datetime-local` value (the browser's zone) as an ISO time; empty means now. */
export const whenOf = (local: string): string => (local ? new Date(local).toISOString() : 'now');
