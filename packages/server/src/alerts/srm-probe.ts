import type { QueryTarget } from '../api/api-auth.ts';
import type { ExposureSubject } from '../experiments/results/experiment-sql.ts';
import { sampleRatioMismatch } from '../experiments/stats/sample-ratio-mismatch.ts';
import type { SrmGuardrailSpec } from './alert.ts';
import type { Verdict } from './alert-verdict.ts';

/** What an SRM check reads: the flag's exposure event and split, and since when its experiment runs. */
export interface SrmSubject extends ExposureSubject {
  variants: { key: string; rollout_percentage: number }[];
  /** The flag's experiment's start (exposures count from there), or null for a flag without one. */
  since: Date | null;
}

export interface SrmProbeDeps {
  /** The flag's split (its experiment's, when it has one); a string says why there is none. */
  srmSubject?: (environmentId: number, flagId: number) => SrmSubject | string;
  /** Exposed persons per arm, counted as experiment results count them. */
  countExposures?: (
    target: QueryTarget,
    subject: ExposureSubject,
    arms: string[],
    window: { from: Date; to: Date },
  ) => Promise<Map<string, number>>;
}

const round = (n: number) => Number(n.toPrecision(4));

/** Observed exposures against the split: the p-value of the chi-squared test, failing below `spec.pValue`. */
export function judgeSrm(
  spec: SrmGuardrailSpec,
  variants: SrmSubject['variants'],
  counts: ReadonlyMap<string, number>,
): Verdict {
  const observed = variants.map((v) => counts.get(v.key) ?? 0);
  const srm = sampleRatioMismatch(
    observed,
    variants.map((v) => v.rollout_percentage),
    spec.pValue,
  );
  const seen = variants.map((v, i) => `${v.key} ${observed[i]}`).join(' / ');
  const expected = srm.expected.map((e) => round(e)).join(' / ');
  const what = `sample ratio p=${round(srm.pValue)} (chi²=${round(srm.chiSquare)}; exposures ${seen}, expected ${expected})`;
  return srm.alert
    ? { value: srm.pValue, firing: true, message: `${what} is below ${spec.pValue}` }
    : { value: srm.pValue, firing: false, message: `${what} is not below ${spec.pValue}` };
}

export async function probeSrm(
  deps: SrmProbeDeps,
  target: QueryTarget,
  environmentId: number,
  spec: SrmGuardrailSpec,
  now: Date,
): Promise<Verdict | string> {
  if (!deps.srmSubject || !deps.countExposures) return 'sample ratio checks need an SQL engine';
  const subject = deps.srmSubject(environmentId, spec.flagId);
  if (typeof subject === 'string') return subject;
  const from = subject.since ?? new Date(now.getTime() - spec.windowMinutes * 60_000);
  const arms = subject.variants.map((v) => v.key);
  const counts = await deps.countExposures(target, subject, arms, { from, to: now });
  return judgeSrm(spec, subject.variants, counts);
}
