const day = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric' });
const dayYear = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', year: 'numeric' });
const month = new Intl.DateTimeFormat('en-US', { month: 'short', year: 'numeric' });
const hour = new Intl.DateTimeFormat('en-US', {
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

/**
 * A retention cohort's start as a date people read ("Dec 6", "Week of Nov 30", "Dec 2026"), from its ISO instant.
 * The server's `label` ("Day 3") is kept in the API for PostHog's clients; the table shows this instead.
 */
export function periodLabel(iso: string, period: string, now = new Date()): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  if (period === 'Hour') return hour.format(at);
  if (period === 'Month') return month.format(at);
  const text = at.getFullYear() === now.getFullYear() ? day.format(at) : dayYear.format(at);
  return period === 'Week' ? `Week of ${text}` : text;
}
