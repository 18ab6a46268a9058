export const DATE_PRESETS = [
  { id: '-24h', label: 'Last 24 hours' },
  { id: '-7d', label: 'Last 7 days' },
  { id: '-14d', label: 'Last 14 days' },
  { id: '-30d', label: 'Last 30 days' },
  { id: '-90d', label: 'Last 90 days' },
  { id: '-180d', label: 'Last 180 days' },
  { id: 'mStart', label: 'This month' },
  { id: 'yStart', label: 'Year to date' },
  { id: 'all', label: 'All time' },
];

const CUSTOM = 'custom';
const isDate = (v: string) => /^\d{4}-\d{2}-\d{2}$/.test(v);

interface DateRangePickerProps {
  id: string;
  from: string;
  to: string;
  onChange: (from: string, to: string) => void;
  /** Offered as the empty choice, e.g. "Each tile's own range" on a dashboard. */
  emptyLabel?: string;
}

/** A relative preset (PostHog's `-7d` style) or a custom pair of dates. */
export function DateRangePicker({ id, from, to, onChange, emptyLabel }: DateRangePickerProps) {
  const custom = isDate(from);
  const preset = custom ? CUSTOM : from;
  return (
    <div class="row gap date-range">
      <div class="field">
        <label for={id}>Date range</label>
        <select
          id={id}
          value={preset}
          onChange={(e) => {
            const v = e.currentTarget.value;
            if (v === CUSTOM) onChange(new Date(Date.now() - 7 * 86_400_000).toISOString().slice(0, 10), '');
            else onChange(v, '');
          }}
        >
          {emptyLabel !== undefined && <option value="">{emptyLabel}</option>}
          {preset && preset !== CUSTOM && !DATE_PRESETS.some((p) => p.id === preset) && (
            <option value={preset}>{preset}</option>
          )}
          {DATE_PRESETS.map((p) => (
            <option key={p.id} value={p.id}>
              {p.label}
            </option>
          ))}
          <option value={CUSTOM}>Custom dates…</option>
        </select>
      </div>
      {custom && (
        <>
          <div class="field">
            <label for={`${id}-from`}>From</label>
            <input
              id={`${id}-from`}
              type="date"
              value={from}
              onChange={(e) => onChange(e.currentTarget.value, to)}
            />
          </div>
          <div class="field">
            <label for={`${id}-to`}>To</label>
            <input
              id={`${id}-to`}
              type="date"
              value={to}
              onChange={(e) => onChange(from, e.currentTarget.value)}
            />
          </div>
        </>
      )}
    </div>
  );
}
