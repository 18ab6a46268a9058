import { type DataUsage, formatBytes } from './data-settings-api.ts';

/** Events stored per day over 30 days as plain bars (no chart library: thirty numbers need none). */
export function DataUsageChart({ usage }: { usage: DataUsage }) {
  const max = Math.max(1, ...usage.days.map((d) => d.events));
  return (
    <div>
      <p data-testid="data-usage-total">
        <strong>{usage.total.events.toLocaleString('en-US')}</strong> events stored, about{' '}
        <strong>{formatBytes(usage.total.approximate_bytes)}</strong>
      </p>
      <ol class="plain usage-bars" aria-label="Events stored per day, last 30 days">
        {usage.days.map((d) => (
          <li
            key={d.day}
            title={`${d.day}: ${d.events} events, ${formatBytes(d.approximate_bytes)}`}
            aria-label={`${d.day}: ${d.events} events`}
            style={{ height: `${Math.max(2, Math.round((d.events / max) * 60))}px` }}
          />
        ))}
      </ol>
    </div>
  );
}
