import type { ExperimentInput } from './experiment-admin.ts';
import { FeatureFlags } from './feature-flags.ts';

/** The experiments the example runs, each on a multivariate flag of its own. */
export const EXPERIMENT_DEFINITIONS: readonly ExperimentInput[] = [
  {
    name: 'Timer UI: control vs variant-b',
    description: 'Does the new timer UI get people to start more timers?',
    feature_flag_key: FeatureFlags.TIMER_UI_EXPERIMENT,
    parameters: {
      feature_flag_variants: [
        { key: 'control', name: 'Control', rollout_percentage: 50 },
        { key: 'variant-b', name: 'Variant B', rollout_percentage: 50 },
      ],
    },
    metrics: [
      { kind: 'ExperimentMetric', metric_type: 'mean', source: { event: 'timer.started', math: 'total' } },
    ],
  },
];
