import { InsightResultView } from '../charts/insight-result-view.tsx';
import { DateRangePicker } from '../ui/date-range-picker.tsx';
import { timeAgo } from '../ui/format.ts';
import { ErrorNotice } from '../ui/status.tsx';
import { downloadCsv } from './csv.ts';
import type { InsightDraft } from './insight-draft.ts';
import { DISPLAYS, INTERVALS } from './insight-options.ts';
import { tableFor } from './result-table.ts';
import type { QueryResult } from './use-query-result.ts';

interface ResultPanelProps {
  draft: InsightDraft;
  title: string;
  query: QueryResult;
  onChange: (patch: Partial<InsightDraft>) => void;
  /** The saved insight, once there is one: its pinned annotations are marked too. */
  insightId?: number | undefined;
}

/** Range, interval, comparison and display over the result, with refresh and CSV download. */
export function InsightResultPanel({ draft, title, query, onChange, insightId }: ResultPanelProps) {
  const trends = draft.kind === 'trends';
  const overTime = trends || draft.kind === 'lifecycle' || draft.kind === 'stickiness';
  const table = query.loading ? null : tableFor(query.kind, query.result);
  return (
    <section class="card result-panel" aria-label="Result" aria-busy={query.loading}>
      <div class="row gap wrap result-toolbar">
        <DateRangePicker
          id="insight-date-range"
          from={draft.dateFrom}
          to={draft.dateTo}
          onChange={(dateFrom, dateTo) => onChange({ dateFrom, dateTo })}
        />
        {overTime && (
          <div class="field">
            <label for="insight-interval">Grouped by</label>
            <select
              id="insight-interval"
              value={draft.interval}
              onChange={(e) => onChange({ interval: e.currentTarget.value as InsightDraft['interval'] })}
            >
              {INTERVALS.map((i) => (
                <option key={i.id} value={i.id}>
                  {i.label}
                </option>
              ))}
            </select>
          </div>
        )}
        {trends && (
          <div class="field">
            <label for="insight-display">Display</label>
            <select
              id="insight-display"
              value={draft.display}
              onChange={(e) => onChange({ display: e.currentTarget.value as InsightDraft['display'] })}
            >
              {DISPLAYS.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.label}
                </option>
              ))}
            </select>
          </div>
        )}
        {trends && (
          <label class="check">
            <input
              type="checkbox"
              checked={draft.compare}
              onChange={(e) => onChange({ compare: e.currentTarget.checked })}
            />
            Compare to previous period
          </label>
        )}
      </div>
      <div class="result-body">
        {query.error ? <ErrorNotice error={query.error} retry={query.refresh} /> : null}
        {query.loading && (
          <div class="result-loading" role="status">
            Calculating…
          </div>
        )}
        {query.result !== undefined && (
          <InsightResultView
            kind={query.kind}
            display={draft.display}
            result={query.result}
            title={title}
            height={320}
            insightId={insightId}
          />
        )}
      </div>
      <div class="row gap result-foot">
        <span class="muted small">{query.lastRefresh ? `Computed ${timeAgo(query.lastRefresh)}` : ''}</span>
        <span class="grow" />
        <button type="button" class="btn small" onClick={query.refresh} disabled={query.loading}>
          Refresh
        </button>
        <button
          type="button"
          class="btn small"
          disabled={!table}
          onClick={() => table && downloadCsv(table, title)}
        >
          Download CSV
        </button>
      </div>
    </section>
  );
}
