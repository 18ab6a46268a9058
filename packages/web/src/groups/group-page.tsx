import { PROJECT } from '../api/endpoints.ts';
import { get, query } from '../api/http.ts';
import type { Group } from '../api/query-types.ts';
import type { EventRow } from '../api/types.ts';
import { EventsTable, PropertiesTable } from '../events/events-table.tsx';
import { Link } from '../router/link.tsx';
import { display, fullTime } from '../ui/format.ts';
import { PageHeader } from '../ui/page-header.tsx';
import { ErrorNotice, Loading } from '../ui/status.tsx';
import { useResource } from '../ui/use-resource.ts';
import { useGroupTypes } from './use-group-types.ts';

const EVENTS = 100;

/** Who sent the group's recent events, each once, newest first. */
function membersOf(events: EventRow[]): string[] {
  return [...new Set(events.map((e) => e.distinct_id))];
}

export function GroupPage({ typeIndex, groupKey }: { typeIndex: number; groupKey: string }) {
  const types = useGroupTypes();
  const group = useResource(
    () => get<Group>(`${PROJECT}/groups/find/${query({ group_type_index: typeIndex, group_key: groupKey })}`),
    [typeIndex, groupKey],
  );
  const events = useResource(
    () =>
      get<{ results: EventRow[] }>(
        `${PROJECT}/events/${query({ group_type_index: typeIndex, group_key: groupKey, limit: EVENTS })}`,
      ),
    [typeIndex, groupKey],
  );
  const typeName = types.data?.find((t) => t.group_type_index === typeIndex)?.group_type ?? 'Groups';
  const crumbs = (
    <p class="crumbs">
      <Link href={`/groups?type=${typeIndex}`}>{typeName}</Link> /
    </p>
  );
  if (group.error) {
    return (
      <>
        {crumbs}
        <ErrorNotice error={group.error} retry={group.reload} />
      </>
    );
  }
  if (!group.data) return <Loading />;
  const g = group.data;
  return (
    <>
      {crumbs}
      <PageHeader
        title={display(g.group_properties.name) || g.group_key}
        subtitle={`First seen ${fullTime(g.created_at)}`}
      />
      <div class="two-col">
        <section class="card" aria-labelledby="group-props-title">
          <h2 id="group-props-title">Properties</h2>
          {Object.keys(g.group_properties).length === 0 ? (
            <p class="muted">No properties yet. Send them with groupIdentify.</p>
          ) : (
            <PropertiesTable properties={g.group_properties} />
          )}
        </section>
        <section class="card">
          <h2>Identity</h2>
          <table class="table compact props">
            <tbody>
              <tr>
                <th>Group type</th>
                <td>{typeName}</td>
              </tr>
              <tr>
                <th>Key</th>
                <td class="mono">{g.group_key}</td>
              </tr>
            </tbody>
          </table>
        </section>
      </div>
      <div class="two-col">
        <section class="card" aria-labelledby="group-events-title">
          <h2 id="group-events-title">Events</h2>
          {events.error ? <ErrorNotice error={events.error} retry={events.reload} /> : null}
          {!events.data && !events.error && <Loading />}
          {events.data &&
            (events.data.results.length === 0 ? (
              <p class="muted">No events sent with this group yet (the SDKs' groups option).</p>
            ) : (
              <EventsTable events={events.data.results} />
            ))}
        </section>
        <section class="card" aria-labelledby="group-members-title">
          <h2 id="group-members-title">Members</h2>
          <p class="muted small">
            Everyone who sent one of its last {EVENTS} events
            {events.data?.results.length === EVENTS ? ' (older members are not listed)' : ''}.
          </p>
          <ul class="plain">
            {membersOf(events.data?.results ?? []).map((id) => (
              <li key={id}>
                <Link href={`/persons/${encodeURIComponent(id)}`} class="mono">
                  {id}
                </Link>
              </li>
            ))}
          </ul>
        </section>
      </div>
    </>
  );
}
