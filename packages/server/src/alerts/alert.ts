/** Where an alert stands after its last check; `errored` when the check itself could not run. */
export const ALERT_STATES = ['not_firing', 'firing', 'errored'] as const;
export type AlertState = (typeof ALERT_STATES)[number];

/**
 * PostHog's alert conditions: the value itself, or its change against the interval before, compared with
 * `lower`/`upper` as absolute numbers or (`percentage`) as fractions of the previous value.
 */
export const ALERT_CONDITIONS = ['absolute_value', 'relative_increase', 'relative_decrease'] as const;
export type AlertCondition = (typeof ALERT_CONDITIONS)[number];

/** Watches one series of a saved trends insight, on its latest complete interval. */
export interface InsightAlertSpec {
  kind: 'insight';
  insightId: number;
  seriesIndex: number;
  condition: AlertCondition;
  thresholdType: 'absolute' | 'percentage';
  lower: number | null;
  upper: number | null;
}

/**
 * "Events of `event` (divided by events of `denominatorEvent`, when set) from users with the flag on stay
 * below `upper` over the last `windowMinutes`". Critical guardrails turn the flag off when they fail.
 */
export interface GuardrailSpec {
  kind: 'guardrail';
  flagId: number;
  event: string;
  denominatorEvent: string | null;
  upper: number;
  windowMinutes: number;
  critical: boolean;
}

/**
 * Sample ratio mismatch on a multivariate flag: exposed persons per variant against the split, by a chi-squared
 * test; fails when the p-value falls below `pValue`. Counted since the flag's experiment started, or over the
 * last `windowMinutes` for a flag without one.
 */
export interface SrmGuardrailSpec {
  kind: 'srm';
  flagId: number;
  pValue: number;
  windowMinutes: number;
  critical: boolean;
}

/** A check on one flag's users: an event count or rate, or the split's health. */
export type FlagGuardrailSpec = GuardrailSpec | SrmGuardrailSpec;

export type AlertSpec = InsightAlertSpec | FlagGuardrailSpec;

export const isFlagGuardrail = (spec: AlertSpec): spec is FlagGuardrailSpec =>
  spec.kind === 'guardrail' || spec.kind === 'srm';

/** What an alert does besides notifying when it starts firing: turn a flag off in its environment. */
export interface DisableFlagAction {
  type: 'disable_flag';
  flagId: number;
}

/** An insight alert or a flag guardrail: both are checked by one scheduler, claimed row by row. */
export interface Alert {
  id: string;
  /** The project the alert belongs to (insights and flags are the project's). */
  projectId: number;
  /** The environment whose events are checked and whose flag settings the action changes. */
  environmentId: number;
  name: string;
  enabled: boolean;
  spec: AlertSpec;
  action: DisableFlagAction | null;
  checkIntervalMinutes: number;
  createdAt: Date;
  createdBy: string;
  state: AlertState;
  lastValue: number | null;
  lastCheckedAt: Date | null;
  /** Why it fired, or why the check failed; for people. */
  lastMessage: string | null;
  /** When the next check is due; while a node checks it, the end of that node's lease. */
  nextCheckAt: Date;
}

/** One check's outcome, written back by whoever claimed the alert. */
export interface AlertCheck {
  alertId: string;
  state: AlertState;
  value: number | null;
  message: string | null;
  checkedAt: Date;
  nextCheckAt: Date;
}
