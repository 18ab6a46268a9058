import { useState } from 'preact/hooks';
import { ApiError } from '../api/api-error.ts';
import { useCan } from '../auth/session-context.ts';
import { timeAgo } from '../ui/format.ts';
import { ErrorNotice, Loading } from '../ui/status.tsx';
import { useResource } from '../ui/use-resource.ts';
import type { Experiment } from './experiment-types.ts';
import { experimentResults } from './experiments-api.ts';
import { MetricResultCard } from './metric-result-card.tsx';
import { recommendationText } from './result-format.ts';
import { SrmBanner } from './srm-banner.tsx';

interface ResultsProps {
  experiment: Experiment;
  onShip: (variant: string) => void;
}

/** Exposures, the verdict with its reasons, and every metric's statistics with drawn intervals. */
export function ExperimentResultsView({ experiment, onShip }: ResultsProps) {
  const [refresh, setRefresh] = useState(0);
  const results = useResource(() => experimentResults(experiment.id, refresh > 0), [experiment.id, refresh]);
  const data = results.data;
  const analysis = data?.analysis ?? null;
  const variants = experiment.parameters.feature_flag_variants.map((v) => v.key);
  const canShip = useCan('experiment:write') && experiment.status !== 'draft' && !experiment.shipped_variant;
  return (
    <section class="experiment-results" aria-label="Results">
      <div class="row gap results-head">
        <h2>Results</h2>
        <span class="muted small">
          {data ? `Computed ${timeAgo(data.last_refresh)}${data.is_cached ? ' (cached)' : ''}` : ''}
        </span>
        <button
          type="button"
          class="btn small"
          disabled={results.loading}
          onClick={() => setRefresh((n) => n + 1)}
        >
          {results.loading && data ? 'Refreshing…' : 'Refresh'}
        </button>
      </div>
      {results.error ? (
        results.error instanceof ApiError && results.error.code === 'EXPERIMENT_NOT_LAUNCHED' ? (
          <p class="muted">Launch the experiment to start collecting exposures.</p>
        ) : (
          <ErrorNotice error={results.error} retry={results.reload} />
        )
      ) : null}
      {!data && results.loading && <Loading label="Computing results…" />}
      {data && analysis?.srm.alert && <SrmBanner srm={analysis.srm} />}
      {data && analysis && (
        <div class={`card recommendation ${analysis.shipVariant ? 'ship' : analysis.srm.alert ? 'bad' : ''}`}>
          <h3 data-testid="recommendation">
            {recommendationText(analysis.recommendation, analysis.shipVariant)}
          </h3>
          <ul class="reasons">
            {analysis.reasons.map((r, i) => (
              <li key={i} data-code={r.code}>
                {r.detail}
              </li>
            ))}
          </ul>
          {analysis.shipVariant && canShip && (
            <button type="button" class="btn primary" onClick={() => onShip(analysis.shipVariant ?? '')}>
              Ship {analysis.shipVariant}
            </button>
          )}
        </div>
      )}
      {data && (
        <div class="card">
          <h3>Exposures</h3>
          <table class="table compact exposures">
            <thead>
              <tr>
                <th>Variant</th>
                <th class="num">Exposed users</th>
                {canShip && (
                  <th>
                    <span class="sr-only">Ship</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {variants.map((key) => (
                <tr key={key} data-variant={key}>
                  <td class="mono strong">{key}</td>
                  <td class="num">{(data.exposures[key] ?? 0).toLocaleString()}</td>
                  {canShip && (
                    <td class="right">
                      <button type="button" class="btn small" onClick={() => onShip(key)}>
                        Ship variant {key}
                      </button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
          <p class="muted small" data-testid="multi-exposed">
            {data.multiple_variant_exposures.toLocaleString()} users saw more than one variant and are
            excluded.
            {data.holdout_exposures !== null &&
              ` ${data.holdout_exposures.toLocaleString()} users in the holdout.`}
          </p>
        </div>
      )}
      {data && !analysis && (
        <p class="muted">Add a metric to see statistics; exposures are counted already.</p>
      )}
      {analysis &&
        [analysis.primaryMetric, ...analysis.secondaryMetrics].map((m) => (
          <MetricResultCard
            key={m.key}
            metric={m}
            credibleLevel={analysis.options.credibleLevel}
            alpha={analysis.options.alpha}
          />
        ))}
    </section>
  );
}
