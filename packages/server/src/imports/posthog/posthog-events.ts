import type { ImportedEvent } from '../import-record.ts';
import { mapEventRow } from './map-person.ts';
import type { PosthogClient } from './posthog-client.ts';
import { isObject } from './posthog-json.ts';
import { PosthogSourceError } from './posthog-source-error.ts';

/** Where the event stream is: the last event read, in the query's order; `uuid` '' means "from `ts` on". */
export interface EventPosition {
  ts: string;
  uuid: string;
}

// PostHog documents HogQL through `POST /query/` as the way to read events (`GET /events/` is deprecated) and
// caps a query at 50,000 rows, so events are read in keyset pages ordered by (timestamp, uuid): a page boundary
// in the middle of one second loses nothing, and a rerun resumes after the last event acknowledged. The uuid
// is compared as text because ClickHouse orders its UUID type by halves, not as the string reads. Values go in
// as HogQL placeholders, never into the query text.
const EVENTS_QUERY = `
SELECT toString(uuid), event, distinct_id, properties, timestamp
FROM events
WHERE timestamp < toDateTime({before})
  AND (timestamp > toDateTime({after_ts}) OR (timestamp = toDateTime({after_ts}) AND toString(uuid) > {after_uuid}))
ORDER BY timestamp, toString(uuid)
LIMIT `;

export const MAX_EVENTS_PAGE = 50_000;

/** One page of events after `position` and before `before` (exclusive), at most `pageSize` long. */
export async function readEventsPage(
  client: PosthogClient,
  projectPath: string,
  position: EventPosition,
  before: string,
  pageSize: number,
): Promise<{ events: ImportedEvent[]; last: EventPosition | null; more: boolean }> {
  const limit = Math.max(1, Math.min(MAX_EVENTS_PAGE, Math.floor(pageSize)));
  const answer = await client.post(`${projectPath}/query/`, {
    query: {
      kind: 'HogQLQuery',
      query: `${EVENTS_QUERY}${limit}`,
      values: { before, after_ts: position.ts, after_uuid: position.uuid },
    },
  });
  if (!isObject(answer) || !Array.isArray(answer.results)) {
    throw new PosthogSourceError('POSTHOG_BAD_RESPONSE', 'POST /query/ answered without `results` rows');
  }
  const events: ImportedEvent[] = [];
  for (const row of answer.results) {
    const event = mapEventRow(row);
    if (event) events.push(event);
  }
  const lastEvent = events.at(-1);
  return {
    events,
    last: lastEvent ? { ts: lastEvent.timestamp, uuid: lastEvent.uuid } : null,
    // A short page is the last; a full one of unreadable rows cannot be stepped past, so it ends the stream too.
    more: answer.results.length === limit && lastEvent !== undefined,
  };
}

/** Events in [after, before), for a progress bar; null when the answer has no count. */
export async function countEvents(
  client: PosthogClient,
  projectPath: string,
  after: string,
  before: string,
): Promise<number | null> {
  const answer = await client.post(`${projectPath}/query/`, {
    query: {
      kind: 'HogQLQuery',
      query:
        'SELECT count() FROM events WHERE timestamp >= toDateTime({after}) AND timestamp < toDateTime({before})',
      values: { after, before },
    },
  });
  const row = isObject(answer) && Array.isArray(answer.results) ? answer.results[0] : undefined;
  const count = Array.isArray(row) ? Number(row[0]) : Number.NaN;
  return Number.isFinite(count) ? count : null;
}
