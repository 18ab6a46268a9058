import { useQueryResult } from '../insights/use-query-result.ts';
import { ErrorNotice, Loading } from '../ui/status.tsx';
import { describeChange, formatTileValue, tileTitle, type WebOverviewItem } from './web-format.ts';

interface Range {
  date_from: string;
  date_to: string | null;
}

/** Visitors, views, sessions, session duration and bounce rate, each against the period before. */
export function WebOverviewTiles({ dateRange }: { dateRange: Range }) {
  const query = { kind: 'WebOverviewQuery', dateRange, compareFilter: { compare: true } };
  const q = useQueryResult(query, 0);
  if (q.error) return <ErrorNotice error={q.error} retry={q.refresh} />;
  const items = Array.isArray(q.result) ? (q.result as WebOverviewItem[]) : null;
  if (!items) return <Loading label="Counting visits…" />;
  return (
    <ul class="web-tiles" aria-label="Overview">
      {items.map((item) => {
        const change = describeChange(item);
        return (
          <li key={item.key} class="card web-tile" data-key={item.key}>
            <span class="muted small">{tileTitle(item.key)}</span>
            <strong class="web-tile-value">{formatTileValue(item.kind, item.value)}</strong>
            {change && <span class={`small change-${change.tone}`}>{change.text}</span>}
          </li>
        );
      })}
    </ul>
  );
}
