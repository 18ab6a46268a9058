import { PROJECT } from '../api/endpoints.ts';
import { del, get, post } from '../api/http.ts';

/** What every check answers, alert or guardrail. */
export interface CheckState {
  id: string;
  name: string;
  enabled: boolean;
  state: 'Firing' | 'Not firing' | 'Errored';
  last_value: number | null;
  last_message: string | null;
  last_checked_at: string | null;
  check_interval_minutes: number;
}

export interface InsightAlert extends CheckState {
  insight: number;
  condition: { type: 'absolute_value' | 'relative_increase' | 'relative_decrease' };
  threshold: {
    configuration: {
      type: 'absolute' | 'percentage';
      bounds: { lower: number | null; upper: number | null };
    };
  };
  action: { type: 'disable_flag'; flag: number } | null;
}

export interface Guardrail extends CheckState {
  /** `srm`: the split's sample ratio (threshold is a p-value); `event`: a count or rate of `event`. */
  type?: 'event' | 'srm';
  flag: number;
  event: string;
  denominator_event: string | null;
  threshold: number;
  window_minutes: number;
  critical: boolean;
}

const ALERTS = `${PROJECT}/alerts/`;
const guardrails = (flagId: number) => `${PROJECT}/feature_flags/${flagId}/guardrails/`;

export const listAlerts = (insightId: number) =>
  get<{ results: InsightAlert[] }>(`${ALERTS}?insight=${insightId}`).then((r) => r.results);
export const createAlert = (body: unknown) => post<InsightAlert>(ALERTS, body);
export const deleteAlert = (id: string) => del(`${ALERTS}${id}/`);

export const listGuardrails = (flagId: number) =>
  get<{ results: Guardrail[] }>(guardrails(flagId)).then((r) => r.results);
export const createGuardrail = (flagId: number, body: unknown) => post<Guardrail>(guardrails(flagId), body);
export const deleteGuardrail = (flagId: number, id: string) => del(`${guardrails(flagId)}${id}/`);
