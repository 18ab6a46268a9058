import { useMemo } from 'preact/hooks';
import { PROJECT } from '../api/endpoints.ts';
import { get } from '../api/http.ts';
import type { FlagUsage } from '../api/types.ts';
import { EChart } from '../charts/echart.tsx';
import { ErrorNotice, Loading } from '../ui/status.tsx';
import { useResource } from '../ui/use-resource.ts';
import { staleSummary } from './stale-reasons.ts';

/** The flag page's usage: evaluations per day over the last 30 days, and the staleness verdict. */
export function FlagUsageCard({ flagId, version }: { flagId: number; version: number }) {
  const usage = useResource(
    () => get<FlagUsage>(`${PROJECT}/feature_flags/${flagId}/usage?days=30`),
    [flagId, version],
  );
  const days = usage.data?.days;
  const option = useMemo(
    () => ({
      grid: { left: 40, right: 12, top: 12, bottom: 28 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: (days ?? []).map((d) => d.day.slice(5)) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [{ type: 'bar', name: 'Evaluations', data: (days ?? []).map((d) => d.total) }],
    }),
    [days],
  );
  if (usage.error) return <ErrorNotice error={usage.error} retry={usage.reload} />;
  if (!usage.data) return <Loading />;
  const total = usage.data.days.reduce((n, d) => n + d.total, 0);
  const last = usage.data.last_evaluated_at;
  return (
    <section class="card" data-testid="flag-usage">
      <h2>Usage</h2>
      <p data-testid="stale-verdict">{staleSummary(usage.data.stale)}</p>
      <p class="muted small">
        {total.toLocaleString('en-US')} evaluations in the last 30 days
        {last ? `; last on ${last.slice(0, 10)}` : '; never evaluated'}.
      </p>
      <EChart option={option} label={`Evaluations per day of ${usage.data.key}`} height={160} />
    </section>
  );
}
