import { useState } from 'preact/hooks';
import type { EventRow } from '../api/types.ts';
import { Link } from '../router/link.tsx';
import { display, fullTime, timeAgo } from '../ui/format.ts';

const where = (e: EventRow) =>
  display(e.properties.$current_url ?? e.properties.$pathname ?? e.properties.$lib ?? '');

/** Events newest first; a row opens to show every property. Values are rendered as text, never as markup. */
export function EventsTable({ events, showPerson = true }: { events: EventRow[]; showPerson?: boolean }) {
  const [open, setOpen] = useState<string | null>(null);
  return (
    <table class="table events">
      <thead>
        <tr>
          <th>Event</th>
          {showPerson && <th>Person</th>}
          <th>URL / library</th>
          <th>Time</th>
        </tr>
      </thead>
      <tbody>
        {events.map((e) => [
          <tr key={e.id} class="clickable">
            <td>
              <button
                type="button"
                class="link strong"
                aria-expanded={open === e.id}
                onClick={() => setOpen(open === e.id ? null : e.id)}
              >
                {e.event}
              </button>
            </td>
            {showPerson && (
              <td class="mono small">
                <Link href={`/persons/${encodeURIComponent(e.distinct_id)}`}>{e.distinct_id}</Link>
              </td>
            )}
            <td class="muted small truncate">{where(e)}</td>
            <td class="muted small" title={fullTime(e.timestamp)}>
              {timeAgo(e.timestamp)}
            </td>
          </tr>,
          open === e.id && (
            <tr key={`${e.id}-props`} class="details">
              <td colSpan={showPerson ? 4 : 3}>
                <PropertiesTable properties={e.properties} />
              </td>
            </tr>
          ),
        ])}
      </tbody>
    </table>
  );
}

export function PropertiesTable({ properties }: { properties: Record<string, unknown> }) {
  const entries = Object.entries(properties).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) return <p class="muted">No properties.</p>;
  return (
    <table class="table compact props">
      <tbody>
        {entries.map(([k, v]) => (
          <tr key={k}>
            <th scope="row" class="mono">
              {k}
            </th>
            <td class="mono">{display(v)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
