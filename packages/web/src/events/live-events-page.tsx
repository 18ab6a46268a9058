import { useEffect, useState } from 'preact/hooks';
import { PROJECT } from '../api/endpoints.ts';
import { get, query } from '../api/http.ts';
import type { EventRow } from '../api/types.ts';
import { SendFirstEvent } from '../onboarding/send-first-event.tsx';
import { PageHeader } from '../ui/page-header.tsx';
import { ErrorNotice, Loading } from '../ui/status.tsx';
import { useResource } from '../ui/use-resource.ts';
import { EventsTable } from './events-table.tsx';

const REFRESH_MS = 3000;

export function LiveEventsPage() {
  const [eventName, setEventName] = useState('');
  const [filter, setFilter] = useState('');
  const [live, setLive] = useState(true);
  const [tick, setTick] = useState(0);
  const [names, setNames] = useState<string[]>([]);

  useEffect(() => {
    const t = setTimeout(() => setFilter(eventName.trim()), 250);
    return () => clearTimeout(t);
  }, [eventName]);
  useEffect(() => {
    if (!live) return;
    const timer = setInterval(() => setTick((n) => n + 1), REFRESH_MS);
    return () => clearInterval(timer);
  }, [live]);

  const events = useResource(
    () => get<{ results: EventRow[] }>(`${PROJECT}/events/${query({ event: filter, limit: 100 })}`),
    [filter, tick],
  );
  useEffect(() => {
    const seen = events.data?.results.map((e) => e.event) ?? [];
    if (seen.some((n) => !names.includes(n))) setNames([...new Set([...names, ...seen])].sort());
  }, [events.data, names]);

  const list = events.data?.results ?? [];
  return (
    <>
      <PageHeader
        title="Live events"
        subtitle={live ? `Newest first, refreshed every ${REFRESH_MS / 1000} seconds.` : 'Paused.'}
        actions={
          <button type="button" class="btn" aria-pressed={!live} onClick={() => setLive(!live)}>
            {live ? 'Pause' : 'Resume'}
          </button>
        }
      />
      <div class="toolbar">
        <div class="field inline">
          <label for="event-filter">Event name</label>
          <input
            id="event-filter"
            list="event-names"
            placeholder="All events"
            value={eventName}
            onInput={(e) => setEventName(e.currentTarget.value)}
          />
          <datalist id="event-names">
            {names.map((n) => (
              <option key={n} value={n} />
            ))}
          </datalist>
        </div>
        {live && <span class="live-dot" aria-hidden="true" />}
      </div>
      {events.error ? <ErrorNotice error={events.error} retry={events.reload} /> : null}
      {!events.data && <Loading />}
      {events.data && list.length === 0 && !filter && <SendFirstEvent title="No events yet" />}
      {events.data && list.length === 0 && filter && <p class="muted">No “{filter}” events yet.</p>}
      {list.length > 0 && <EventsTable events={list} />}
    </>
  );
}
