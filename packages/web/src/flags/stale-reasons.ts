import type { StaleReason, StaleVerdict } from '../api/types.ts';

const REASONS: Record<StaleReason, string> = {
  not_evaluated: 'Not evaluated',
  fully_rolled_out: 'Rolled out to everyone',
  single_value: 'Serves one value to everyone',
  experiment_shipped: 'Its experiment shipped',
};

export const staleReasonLabel = (reason: StaleReason): string => REASONS[reason];

/** One line for people: why the flag can go (or why it stays). */
export function staleSummary(verdict: StaleVerdict | undefined | null): string {
  if (!verdict) return 'No usage data yet.';
  if (verdict.exempt === 'permanent') return 'Permanent flag: never reported stale.';
  if (!verdict.stale) return 'In use: not stale.';
  const since = verdict.since ? ` since ${verdict.since}` : '';
  return `Stale${since}: ${verdict.reasons.map(staleReasonLabel).join(', ')}. Remove it from code, then archive it.`;
}
