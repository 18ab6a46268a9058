import type { Experiment, ExperimentMetric } from './experiment-types.ts';

// The create form's state and its translation to the API body. Pure, so the rules the server would refuse
// (split not adding to 100, no `control`, a sum metric without a property) are caught before the request.

export type MetricKind = 'conversion' | 'count' | 'sum';

export interface MetricDraft {
  kind: MetricKind;
  event: string;
  property: string;
  /** Days after first exposure that count; '' = until the experiment ends. */
  windowDays: string;
  goal: 'increase' | 'decrease';
}

export interface VariantSplit {
  key: string;
  rollout: number;
}

export interface ExperimentDraft {
  name: string;
  description: string;
  flagMode: 'new' | 'existing';
  flagKey: string;
  existingFlagKey: string;
  variants: VariantSplit[];
  primary: MetricDraft;
  secondary: MetricDraft[];
  holdout: string;
}

export interface CreateExperimentBody {
  name: string;
  description?: string;
  feature_flag_key: string;
  parameters: { feature_flag_variants?: { key: string; rollout_percentage: number }[] };
  metrics: ExperimentMetric[];
  metrics_secondary: ExperimentMetric[];
  holdout?: { exclusion_percentage: number };
}

export const newMetric = (kind: MetricKind = 'conversion'): MetricDraft => ({
  kind,
  event: '',
  property: '',
  windowDays: kind === 'conversion' ? '7' : '',
  goal: 'increase',
});

export const newExperimentDraft = (): ExperimentDraft => ({
  name: '',
  description: '',
  flagMode: 'new',
  flagKey: '',
  existingFlagKey: '',
  variants: [
    { key: 'control', rollout: 50 },
    { key: 'test', rollout: 50 },
  ],
  primary: newMetric(),
  secondary: [],
  holdout: '',
});

export const splitTotal = (variants: VariantSplit[]) => variants.reduce((sum, v) => sum + v.rollout, 0);

/** An even split whose rounding remainder goes to the control, so it always adds to exactly 100. */
export function evenSplit(keys: string[]): VariantSplit[] {
  const share = Math.floor(100 / keys.length);
  return keys.map((key, i) => ({ key, rollout: share + (i === 0 ? 100 - share * keys.length : 0) }));
}

export function metricOf(m: MetricDraft): ExperimentMetric {
  const days = Number(m.windowDays);
  const window = m.windowDays.trim() !== '' && days >= 1 ? { conversion_window: Math.round(days) } : {};
  const common = { kind: 'ExperimentMetric' as const, goal: m.goal, conversion_window_unit: 'day' as const };
  const event = { kind: 'EventsNode' as const, event: m.event.trim() };
  if (m.kind === 'conversion') return { ...common, ...window, metric_type: 'funnel', series: [event] };
  if (m.kind === 'count')
    return { ...common, ...window, metric_type: 'mean', source: { ...event, math: 'total' } };
  return {
    ...common,
    ...window,
    metric_type: 'mean',
    source: { ...event, math: 'sum', math_property: m.property.trim() },
  };
}

/** Human sentence for a metric, as the list and results pages show it. */
export function describeMetric(m: ExperimentMetric): string {
  const window = m.conversion_window
    ? ` within ${m.conversion_window} ${m.conversion_window_unit ?? 'day'}(s)`
    : '';
  if (m.metric_type === 'funnel') return `Conversion to ${m.series[0]?.event ?? '?'}${window}`;
  if (m.source.math === 'sum')
    return `Sum of ${m.source.math_property ?? '?'} on ${m.source.event} per user${window}`;
  return `Count of ${m.source.event} per user${window}`;
}

function metricProblems(m: MetricDraft, prefix: string, out: Record<string, string>): void {
  if (!m.event.trim()) out[`${prefix}-event`] = 'Pick the event this metric measures.';
  if (m.kind === 'sum' && !m.property.trim())
    out[`${prefix}-property`] = 'Name the numeric property to add up.';
  const days = Number(m.windowDays);
  if (m.windowDays.trim() !== '' && !(Number.isInteger(days) && days >= 1))
    out[`${prefix}-window`] = 'A whole number of days, 1 or more (or empty for no limit).';
}

/** Field id → message; empty when the draft can be submitted. */
export function experimentProblems(d: ExperimentDraft): Record<string, string> {
  const out: Record<string, string> = {};
  if (!d.name.trim()) out.name = 'Give the experiment a name.';
  if (d.flagMode === 'new') {
    if (!/^[a-zA-Z0-9_-]+$/.test(d.flagKey.trim()))
      out.flagKey = 'Letters, digits, - and _ only, e.g. checkout-redesign.';
    const keys = d.variants.map((v) => v.key.trim());
    if (!keys.includes('control')) out.variants = 'One variant must be called "control".';
    else if (new Set(keys).size !== keys.length) out.variants = 'Variant keys must be unique.';
    else if (keys.some((k) => !/^[a-zA-Z0-9_-]+$/.test(k)))
      out.variants = 'Variant keys: letters, digits, - and _.';
    else if (d.variants.length < 2) out.variants = 'An experiment needs at least two variants.';
    else if (splitTotal(d.variants) !== 100)
      out.variants = `The split adds to ${splitTotal(d.variants)}%, not 100%.`;
  } else if (!d.existingFlagKey) out.flagKey = 'Pick a multivariate flag.';
  metricProblems(d.primary, 'primary', out);
  for (const [i, m] of d.secondary.entries()) metricProblems(m, `secondary-${i}`, out);
  const holdout = Number(d.holdout);
  if (d.holdout.trim() !== '' && !(holdout > 0 && holdout < 100))
    out.holdout = 'Between 0 and 100 (exclusive), or empty for no holdout.';
  return out;
}

export function createBody(d: ExperimentDraft): CreateExperimentBody {
  const isNew = d.flagMode === 'new';
  return {
    name: d.name.trim(),
    ...(d.description.trim() ? { description: d.description.trim() } : {}),
    feature_flag_key: isNew ? d.flagKey.trim() : d.existingFlagKey,
    parameters: isNew
      ? {
          feature_flag_variants: d.variants.map((v) => ({
            key: v.key.trim(),
            rollout_percentage: v.rollout,
          })),
        }
      : {},
    metrics: [metricOf(d.primary)],
    metrics_secondary: d.secondary.map(metricOf),
    ...(d.holdout.trim() !== '' ? { holdout: { exclusion_percentage: Number(d.holdout) } } : {}),
  };
}

/** The form's metric for a saved one (the inverse of `metricOf`); windows in hours or weeks are shown in days. */
export function metricDraftOf(m: ExperimentMetric): MetricDraft {
  const unitDays = m.conversion_window_unit === 'week' ? 7 : m.conversion_window_unit === 'hour' ? 1 / 24 : 1;
  const windowDays = m.conversion_window
    ? String(Math.max(1, Math.round(m.conversion_window * unitDays)))
    : '';
  const goal = m.goal ?? 'increase';
  if (m.metric_type === 'funnel')
    return { kind: 'conversion', event: m.series[0]?.event ?? '', property: '', windowDays, goal };
  const sum = m.source.math === 'sum';
  return {
    kind: sum ? 'sum' : 'count',
    event: m.source.event,
    property: sum ? (m.source.math_property ?? '') : '',
    windowDays,
    goal,
  };
}

/** A saved draft experiment in the form, to edit it before launch. Its flag is fixed: it already exists. */
export function draftFromExperiment(e: Experiment): ExperimentDraft {
  const [primary, ...rest] = e.metrics;
  return {
    name: e.name,
    description: e.description ?? '',
    flagMode: 'new',
    flagKey: e.feature_flag_key,
    existingFlagKey: '',
    variants: e.parameters.feature_flag_variants.map((v) => ({ key: v.key, rollout: v.rollout_percentage })),
    primary: primary ? metricDraftOf(primary) : newMetric(),
    secondary: [...rest, ...e.metrics_secondary].map(metricDraftOf),
    holdout: e.holdout ? String(e.holdout.exclusion_percentage) : '',
  };
}

/** The PATCH body for an edited draft: everything the form shows except the flag, which cannot change. */
export function updateBody(d: ExperimentDraft): Record<string, unknown> {
  const { feature_flag_key: _flag, ...body } = createBody({ ...d, flagMode: 'new' });
  return { ...body, description: d.description.trim(), holdout: body.holdout ?? null };
}
