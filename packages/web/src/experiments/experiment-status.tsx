import type { Experiment } from './experiment-types.ts';

const LABELS = { draft: 'Draft', running: 'Running', complete: 'Stopped' } as const;

export function ExperimentStatusBadge({ experiment }: { experiment: Experiment }) {
  const label = experiment.shipped_variant
    ? `Shipped ${experiment.shipped_variant}`
    : LABELS[experiment.status];
  return (
    <span class={experiment.status === 'running' ? 'badge success' : 'badge'} data-status={experiment.status}>
      {label}
    </span>
  );
}
