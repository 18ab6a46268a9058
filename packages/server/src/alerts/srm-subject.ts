import type { Experiment } from '../experiments/experiment.ts';
import type { SrmSubject } from './srm-probe.ts';

/**
 * The split an SRM guardrail checks: the flag's launched experiment's (its variants, exposure event and start),
 * else the flag's own variants over the guardrail's window. A string says why there is nothing to check.
 */
export function srmSubjectOf(
  flagKey: string | undefined,
  flagVariants: readonly { key: string; rollout_percentage: number }[],
  experiments: readonly Experiment[],
): SrmSubject | string {
  if (flagKey === undefined) return 'the flag no longer exists';
  const launched = experiments
    .filter((e) => !e.deleted && e.startDate !== null)
    .sort((a, b) => (b.startDate?.getTime() ?? 0) - (a.startDate?.getTime() ?? 0))[0];
  const variants = launched ? launched.variants : flagVariants.map((v) => ({ ...v }));
  if (variants.length < 2) return `flag ${flagKey} has fewer than two variants`;
  return {
    flagKey,
    exposure: launched?.exposure ?? null,
    variants,
    since: launched?.startDate ?? null,
  };
}
