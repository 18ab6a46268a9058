import { useMemo, useState } from 'preact/hooks';
import { InsightResultView } from '../charts/insight-result-view.tsx';
import { useQueryResult } from '../insights/use-query-result.ts';
import { DateRangePicker } from '../ui/date-range-picker.tsx';
import { PageHeader } from '../ui/page-header.tsx';
import { ErrorNotice, Loading } from '../ui/status.tsx';
import { WebOverviewTiles } from './web-overview-tiles.tsx';
import { WebStatsTable } from './web-stats-table.tsx';

const TABLES = [
  { breakdownBy: 'Page', title: 'Top pages', valueLabel: 'Page' },
  { breakdownBy: 'InitialReferringDomain', title: 'Referrers', valueLabel: 'Referring domain' },
  { breakdownBy: 'InitialUTMSource', title: 'UTM sources', valueLabel: 'UTM source' },
  { breakdownBy: 'Browser', title: 'Browsers', valueLabel: 'Browser' },
  { breakdownBy: 'OS', title: 'Operating systems', valueLabel: 'OS' },
  { breakdownBy: 'DeviceType', title: 'Device types', valueLabel: 'Device type' },
  {
    breakdownBy: 'Country',
    title: 'Countries',
    valueLabel: 'Country',
    whenEmpty: 'Countries need a GeoIP database: set SIGNPOST_GEOIP_DB.',
  },
];

function TrafficChart({ dateRange }: { dateRange: { date_from: string; date_to: string | null } }) {
  const query = useMemo(
    () => ({
      kind: 'TrendsQuery',
      interval: dateRange.date_from === '-24h' ? 'hour' : 'day',
      dateRange,
      series: [
        { kind: 'EventsNode', event: '$pageview', math: 'total', custom_name: 'Page views' },
        { kind: 'EventsNode', event: '$pageview', math: 'dau', custom_name: 'Visitors' },
      ],
      trendsFilter: { display: 'ActionsLineGraph' },
    }),
    [dateRange],
  );
  const q = useQueryResult(query, 0);
  return (
    <section class="card" aria-labelledby="web-trend">
      <h2 id="web-trend" class="section-title">
        Page views and visitors
      </h2>
      {q.error ? (
        <ErrorNotice error={q.error} retry={q.refresh} />
      ) : q.result === undefined ? (
        <Loading />
      ) : (
        <InsightResultView
          kind="TrendsQuery"
          display="ActionsLineGraph"
          result={q.result}
          title="Page views and visitors"
          height={240}
        />
      )}
    </section>
  );
}

/** PostHog's web analytics for sites using posthog-js: sessions are posthog-js's `$session_id`. */
export function WebAnalyticsPage() {
  const [from, setFrom] = useState('-7d');
  const [to, setTo] = useState('');
  const dateRange = useMemo(() => ({ date_from: from, date_to: to || null }), [from, to]);
  return (
    <>
      <PageHeader
        title="Web analytics"
        subtitle="Visits to sites using posthog-js: a session is one $session_id, a bounce a one-page session under 10 seconds with no clicks."
        actions={
          <DateRangePicker
            id="web-range"
            from={from}
            to={to}
            onChange={(f, t) => {
              setFrom(f);
              setTo(t);
            }}
          />
        }
      />
      <WebOverviewTiles dateRange={dateRange} />
      <TrafficChart dateRange={dateRange} />
      <div class="web-tables">
        {TABLES.map((t) => (
          <WebStatsTable key={t.breakdownBy} dateRange={dateRange} {...t} />
        ))}
      </div>
    </>
  );
}
