import { useMemo } from 'preact/hooks';
import { EChart } from '../charts/echart.tsx';
import { type IntervalRow, intervalChartOption } from '../charts/interval-chart-option.ts';
import type { MetricResult } from './experiment-types.ts';
import { metricValue, percent, pValue, signedPercent } from './result-format.ts';

interface MetricResultCardProps {
  metric: MetricResult;
  credibleLevel: number;
  alpha: number;
}

/** One metric: a table of every statistic and two interval charts (the value, and the change vs control). */
export function MetricResultCard({ metric, credibleLevel, alpha }: MetricResultCardProps) {
  const fmt = metricValue(metric.kind);
  // A variant keeps its colour in both charts, though the change chart has no control row.
  const valueRows: IntervalRow[] = metric.variants.flatMap((v, colorIndex) =>
    v.bayesian
      ? [{ label: v.key, estimate: v.bayesian.posteriorMean, ...v.bayesian.credibleInterval, colorIndex }]
      : [],
  );
  const changeRows: IntervalRow[] = metric.variants.flatMap((v, colorIndex) =>
    v.frequentist?.relativeDifference
      ? [{ label: v.key, ...v.frequentist.relativeDifference, colorIndex }]
      : [],
  );
  const control = metric.variants.find((v) => v.key === 'control');
  const reference = control?.bayesian?.posteriorMean ?? null;
  const valueOption = useMemo(() => intervalChartOption(valueRows, reference, fmt), [metric]);
  const changeOption = useMemo(() => intervalChartOption(changeRows, 0, signedPercent), [metric]);
  const what = metric.kind === 'conversion' ? 'Conversion rate' : 'Mean per user';
  const cred = percent(credibleLevel, 0);
  const conf = percent(1 - alpha, 0);
  const height = 40 + 44 * metric.variants.length;
  return (
    <section class="card metric-result" aria-label={`Metric ${metric.key}`}>
      <h3>
        {metric.key} <span class="badge">{metric.role}</span>
        {!metric.higherIsBetter && <span class="badge">lower is better</span>}
      </h3>
      <table class="table compact">
        <thead>
          <tr>
            <th>Variant</th>
            <th class="num">Users</th>
            <th class="num">{what}</th>
            <th class="num">{cred} credible interval</th>
            <th class="num">Change vs control ({conf} CI)</th>
            <th class="num">P(beat control)</th>
            <th class="num">P(best)</th>
            <th class="num">p-value (adj.)</th>
            <th class="num">Expected loss</th>
          </tr>
        </thead>
        <tbody>
          {metric.variants.map((v) => (
            <tr key={v.key} data-variant={v.key}>
              <td class="strong mono">{v.key}</td>
              <td class="num">{v.units.toLocaleString()}</td>
              <td class="num">{v.value === null ? '—' : fmt(v.value)}</td>
              <td class="num">
                {v.bayesian
                  ? `${fmt(v.bayesian.credibleInterval.lower)} – ${fmt(v.bayesian.credibleInterval.upper)}`
                  : '—'}
              </td>
              <td class={v.frequentist?.significant ? 'num strong' : 'num'}>
                {v.frequentist?.relativeDifference
                  ? `${signedPercent(v.frequentist.relativeDifference.estimate)} (${signedPercent(v.frequentist.relativeDifference.lower)} to ${signedPercent(v.frequentist.relativeDifference.upper)})`
                  : '—'}
              </td>
              <td class="num">
                {v.bayesian?.probabilityToBeatControl == null
                  ? '—'
                  : percent(v.bayesian.probabilityToBeatControl)}
              </td>
              <td class="num">{v.bayesian ? percent(v.bayesian.probabilityToBeBest) : '—'}</td>
              <td
                class="num"
                title={v.frequentist ? `unadjusted ${pValue(v.frequentist.pValue)}` : undefined}
              >
                {v.frequentist ? pValue(v.frequentist.adjustedPValue) : '—'}
              </td>
              <td class="num">{v.bayesian ? fmt(v.bayesian.expectedLoss) : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div class="interval-charts">
        {valueRows.length > 0 && (
          <figure>
            <figcaption class="muted small">
              {what} with {cred} credible interval (dashed: control)
            </figcaption>
            <EChart option={valueOption} height={height} label={`${metric.key}: ${what} intervals`} />
          </figure>
        )}
        {changeRows.length > 0 && (
          <figure>
            <figcaption class="muted small">
              Relative change vs control with {conf} confidence interval
            </figcaption>
            <EChart
              option={changeOption}
              height={height}
              label={`${metric.key}: change versus control intervals`}
            />
          </figure>
        )}
      </div>
    </section>
  );
}
