import type { EvaluationReason, ReasonCode } from './types.ts';

/**
 * When several conditions fail differently, the flags service reports the highest of these, and on a tie
 * the later condition (`flag_match_reason.rs` `score`).
 */
export const REASON_PRIORITY: Readonly<Record<ReasonCode, number>> = {
  super_condition_value: 6,
  holdout_condition_value: 5,
  condition_match: 4,
  out_of_rollout_bound: 3,
  no_condition_match: 2,
  no_group_type: 1,
  flag_disabled: 0,
  missing_dependency: -1,
};

const FIXED_DESCRIPTIONS: Readonly<Record<Exclude<ReasonCode, 'condition_match'>, string>> = {
  no_condition_match: 'No matching condition set',
  out_of_rollout_bound: 'Out of rollout bound',
  no_group_type: 'No group type',
  super_condition_value: 'Super condition value',
  holdout_condition_value: 'Holdout condition value',
  flag_disabled: 'Feature flag is disabled',
  missing_dependency: 'Flag cannot be evaluated due to missing dependency',
};

// "Matched condition set N" by index, built once each instead of on every match.
const matchedDescriptions: string[] = [];

/** The wire description: "Matched condition set N" counts from 1. */
export function describeReason(code: ReasonCode, conditionIndex: number | null): string {
  if (code !== 'condition_match') return FIXED_DESCRIPTIONS[code];
  const index = conditionIndex ?? 0;
  let description = matchedDescriptions[index];
  if (description === undefined) {
    description = `Matched condition set ${index + 1}`;
    matchedDescriptions[index] = description;
  }
  return description;
}

export function reason(code: ReasonCode, conditionIndex: number | null): EvaluationReason {
  return { code, conditionIndex, description: describeReason(code, conditionIndex) };
}
