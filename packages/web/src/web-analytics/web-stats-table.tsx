import { formatNumber } from '../charts/number-format.ts';
import { useQueryResult } from '../insights/use-query-result.ts';
import { ErrorNotice, Loading } from '../ui/status.tsx';
import { formatRate } from './web-format.ts';

interface WebStatsTableProps {
  breakdownBy: string;
  title: string;
  /** The first column's heading: "Page", "Referring domain", … */
  valueLabel: string;
  dateRange: { date_from: string; date_to: string | null };
  /** Shown instead of an empty table, when an empty table has a cause the reader can fix. */
  whenEmpty?: string;
}

const LIMIT = 10;

/** The top values of one breakdown with their visitors, views and bounce rate. */
export function WebStatsTable({ breakdownBy, title, valueLabel, dateRange, whenEmpty }: WebStatsTableProps) {
  const query = { kind: 'WebStatsTableQuery', breakdownBy, dateRange, limit: LIMIT };
  const q = useQueryResult(query, 0);
  const id = `web-${breakdownBy}`;
  const rows = Array.isArray(q.result) ? (q.result as unknown[][]) : null;
  return (
    <section class="card web-table" aria-labelledby={id}>
      <h2 id={id} class="section-title">
        {title}
      </h2>
      {q.error ? (
        <ErrorNotice error={q.error} retry={q.refresh} />
      ) : !rows ? (
        <Loading />
      ) : rows.length === 0 ? (
        <p class="muted">{whenEmpty ?? 'No visits in this date range.'}</p>
      ) : (
        // A fixed layout: long values are cut with an ellipsis (full text on hover), so no table scrolls sideways.
        <table class="table compact" aria-labelledby={id}>
          <thead>
            <tr>
              <th scope="col">{valueLabel}</th>
              <th scope="col" class="num">
                Visitors
              </th>
              <th scope="col" class="num">
                Views
              </th>
              <th scope="col" class="num">
                Bounce rate
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map(([value, visitors, views, bounce]) => (
              <tr key={String(value)}>
                <td class="truncate" title={String(value)}>
                  {String(value)}
                </td>
                <td class="num">{formatNumber(Number(visitors))}</td>
                <td class="num">{formatNumber(Number(views))}</td>
                <td class="num">{formatRate(bounce)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
