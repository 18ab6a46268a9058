import { evaluateFlags, PROJECT } from '../api/endpoints.ts';
import { get, query } from '../api/http.ts';
import type { EventRow, Person } from '../api/types.ts';
import { useSession } from '../auth/session-context.ts';
import { EventsTable, PropertiesTable } from '../events/events-table.tsx';
import { Link } from '../router/link.tsx';
import { fullTime } from '../ui/format.ts';
import { PageHeader } from '../ui/page-header.tsx';
import { ErrorNotice, Loading } from '../ui/status.tsx';
import { useResource } from '../ui/use-resource.ts';
import { personName } from './person-name.ts';

export function PersonPage({ distinctId }: { distinctId: string }) {
  const { project } = useSession();
  const person = useResource(
    () =>
      get<{ results: Person[] }>(`${PROJECT}/persons/${query({ distinct_id: distinctId })}`).then(
        (r) => r.results[0] ?? null,
      ),
    [distinctId],
  );
  const p = person.data;
  const events = useResource(
    () =>
      p
        ? get<{ results: EventRow[] }>(`${PROJECT}/events/${query({ person_id: p.id, limit: 100 })}`)
        : Promise.resolve({ results: [] }),
    [p?.id],
  );
  const flags = useResource(() => evaluateFlags(project.api_token, distinctId), [distinctId]);

  if (person.error) return <ErrorNotice error={person.error} retry={person.reload} />;
  if (p === undefined) return <Loading />;
  if (p === null)
    return <PageHeader title="Person not found" subtitle={`No person has the distinct id ${distinctId}.`} />;
  const flagEntries = Object.entries(flags.data ?? {}).sort(([a], [b]) => a.localeCompare(b));
  return (
    <>
      <p class="crumbs">
        <Link href="/persons">Persons</Link> /
      </p>
      <PageHeader title={personName(p)} subtitle={`First seen ${fullTime(p.created_at)}`} />
      <div class="two-col">
        <div>
          <section class="card" aria-labelledby="timeline-title">
            <h2 id="timeline-title">Events</h2>
            {events.error ? <ErrorNotice error={events.error} retry={events.reload} /> : null}
            {!events.data && <Loading />}
            {events.data?.results.length === 0 && <p class="muted">No events yet.</p>}
            {events.data && events.data.results.length > 0 && (
              <EventsTable events={events.data.results} showPerson={false} />
            )}
          </section>
        </div>
        <div>
          <section class="card">
            <h2>Distinct ids</h2>
            <ul class="plain mono small">
              {p.distinct_ids.map((d) => (
                <li key={d}>{d}</li>
              ))}
            </ul>
          </section>
          <section class="card" aria-labelledby="person-flags-title">
            <h2 id="person-flags-title">Feature flags</h2>
            {flags.error ? <ErrorNotice error={flags.error} retry={flags.reload} /> : null}
            {flags.data && flagEntries.length === 0 && <p class="muted">No active flags.</p>}
            <table class="table compact">
              <tbody>
                {flagEntries.map(([key, d]) => (
                  <tr key={key}>
                    <td class="mono">{key}</td>
                    <td>
                      <span class={d.enabled ? 'badge success' : 'badge'}>
                        {d.enabled ? (d.variant ?? 'true') : 'false'}
                      </span>
                    </td>
                    <td class="muted small">{d.reason?.description}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <section class="card">
            <h2>Properties</h2>
            <PropertiesTable properties={p.properties} />
          </section>
        </div>
      </div>
    </>
  );
}
