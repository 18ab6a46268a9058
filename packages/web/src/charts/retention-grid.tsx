import type { RetentionCohort } from '../api/query-types.ts';
import { periodLabel } from './period-label.ts';

/** The cohort table: one row per starting period, cells shaded by the share of the cohort that returned. */
export function RetentionGrid({ cohorts }: { cohorts: RetentionCohort[] }) {
  const periods = Math.max(0, ...cohorts.map((c) => c.values.length));
  // The server labels cohorts "Day 3" (PostHog's shape): the word is the period, the table shows dates instead.
  const period = cohorts[0]?.label.split(' ')[0] ?? 'Day';
  return (
    <div class="table-scroll">
      <table class="table compact retention" aria-label="Retention">
        <thead>
          <tr>
            <th>Cohort</th>
            <th class="num">Persons</th>
            {Array.from({ length: periods }, (_, i) => (
              <th key={i} class="num">
                {`${period} ${i}`}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {cohorts.map((c) => {
            const size = c.values[0]?.count ?? 0;
            return (
              <tr key={c.date}>
                <td title={c.date}>{periodLabel(c.date, period)}</td>
                <td class="num">{size.toLocaleString()}</td>
                {c.values.map((v, i) => {
                  const share = size === 0 ? 0 : v.count / size;
                  return (
                    <td
                      key={`${c.date}-${i}`}
                      class="num cell-heat"
                      style={{ '--heat': share.toFixed(3) }}
                      title={`${v.count} of ${size}`}
                    >
                      {size === 0 ? '–' : `${Math.round(share * 100)}%`}
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
