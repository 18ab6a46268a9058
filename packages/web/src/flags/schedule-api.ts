import { PROJECT } from '../api/endpoints.ts';

import type { FlagFilters, Variant } from '../api/types.ts';

/** A scheduled change's payload: PostHog's `{operation, value}` (the operations the Schedule card offers). */
export type SchedulePayload =
  | { operation: 'update_status'; value: boolean }
  | { operation: 'update_rollout'; value: number }
  | { operation: 'update_variants'; value: { variants: (Variant & { name: string | null })[] } }
  | { operation: 'update_payloads'; value: Record<string, unknown> }
  | { operation: 'add_release_condition'; value: FlagFilters }
  | { operation: 'update_filters'; value: FlagFilters };

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

const clip = (text: string) => (text.length > 60 ? `${text.slice(0, 59)}…` : text);

interface ConditionLike {
  properties?: { key?: unknown; operator?: unknown; value?: unknown }[] | null;
  rollout_percentage?: number | null;
}

/** One condition set in a few words: "plan = pro, 100%". */
function conditionText(g: ConditionLike): string {
  const props = (g.properties ?? []).map((p) => {
    const op = p.operator === 'exact' || p.operator === undefined ? '=' : String(p.operator);
    return `${String(p.key)} ${op} ${typeof p.value === 'string' ? p.value : JSON.stringify(p.value)}`;
  });
  return `${props.length > 0 ? props.join(' and ') : 'everyone'}, ${g.rollout_percentage ?? 100}%`;
}

const groupsOf = (value: unknown): ConditionLike[] =>
  (value as { groups?: ConditionLike[] } | null)?.groups ?? [];

/** A change in a few words, for the timeline: what it sets, not only which kind of change it is. */
export function describeChange(payload: ScheduledChange['payload']): string {
  const { value } = payload;
  switch (payload.operation) {
    case 'update_status':
      return value ? 'Enable' : 'Disable';
    case 'update_rollout':
      return `Roll out to ${String(value)}%`;
    case 'add_release_condition':
      return clip(`Add condition: ${groupsOf(value).map(conditionText).join('; ')}`);
    case 'update_filters':
      return clip(`Replace conditions: ${groupsOf(value).map(conditionText).join('; ')}`);
    case 'update_variants': {
      const variants = (value as { variants?: Variant[] } | null)?.variants ?? [];
      return clip(`Variant split: ${variants.map((v) => `${v.key} ${v.rollout_percentage}%`).join(', ')}`);
    }
    case 'update_payloads': {
      const entries = Object.entries((value ?? {}) as Record<string, unknown>);
      const shown = entries.map(([k, v]) => `${k} = ${typeof v === 'string' ? v : JSON.stringify(v)}`);
      return clip(`Payloads: ${shown.join(', ') || 'none'}`);
    }
    default:
      return payload.operation;
  }
}

/** A `datetime-local` value (the browser's zone) as an ISO time; empty means now. */
export const whenOf = (local: string): string => (local ? new Date(local).toISOString() : 'now');
