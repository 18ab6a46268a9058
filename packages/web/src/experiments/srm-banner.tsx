import type { SrmSummary } from './experiment-types.ts';
import { pClause, percent } from './result-format.ts';

/** Shown when assignment does not match the configured split: every other number on the page is suspect. */
export function SrmBanner({ srm }: { srm: SrmSummary }) {
  return (
    <div class="notice error srm" role="alert" data-testid="srm-banner">
      <div>
        <strong>Sample ratio mismatch.</strong> Exposures do not match the configured split (chi-square{' '}
        {pClause(srm.pValue)}), so assignment or exposure logging is broken and the results below cannot be
        trusted. Check that every variant logs <code>$feature_flag_called</code> the same way.
        <ul class="plain small">
          {srm.variants.map((v) => (
            <li key={v.key}>
              <span class="mono">{v.key}</span>: expected {percent(v.expectedShare)}, observed{' '}
              {v.observedShare === null ? '—' : percent(v.observedShare)} ({v.exposures.toLocaleString()}{' '}
              users)
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
