import { PROJECT } from '../api/endpoints.ts';
import { get } from '../api/http.ts';
import type { Cohort, Person } from '../api/types.ts';
import { useCan } from '../auth/session-context.ts';
import { PersonsTable } from '../persons/persons-table.tsx';
import { Link } from '../router/link.tsx';
import { DeleteAction } from '../ui/delete-action.tsx';
import { PageHeader } from '../ui/page-header.tsx';
import { ErrorNotice, Loading } from '../ui/status.tsx';
import { useResource } from '../ui/use-resource.ts';

export function CohortPage({ id }: { id: number }) {
  const cohort = useResource(() => get<Cohort>(`${PROJECT}/cohorts/${id}/`), [id]);
  const members = useResource(() => get<{ results: Person[] }>(`${PROJECT}/cohorts/${id}/persons`), [id]);
  const canEdit = useCan('cohort:write');
  if (cohort.error) return <ErrorNotice error={cohort.error} retry={cohort.reload} />;
  if (!cohort.data) return <Loading />;
  const c = cohort.data;
  return (
    <>
      <p class="crumbs">
        <Link href="/cohorts">Cohorts</Link> /
      </p>
      <PageHeader
        title={c.name}
        subtitle={`${c.is_static ? 'Static cohort' : 'Dynamic cohort'} · ${c.count.toLocaleString()} persons${c.description ? ` · ${c.description}` : ''}`}
        actions={
          canEdit && (
            <>
              <Link class="btn" href={`/cohorts/${id}/edit`}>
                Edit
              </Link>
              <DeleteAction noun="cohort" name={c.name} path={`${PROJECT}/cohorts/${id}/`} after="/cohorts">
                <p>
                  Insights that filter on it stop matching anyone. A cohort that a feature flag targets cannot
                  be deleted: remove it from the flag first.
                </p>
              </DeleteAction>
            </>
          )
        }
      />
      {c.filters && (
        <section class="card">
          <h2>Definition</h2>
          <pre class="json">{JSON.stringify(c.filters.properties, null, 2)}</pre>
        </section>
      )}
      <section class="card">
        <h2>Members</h2>
        {members.error ? <ErrorNotice error={members.error} retry={members.reload} /> : null}
        {!members.data && <Loading />}
        {members.data && members.data.results.length === 0 && <p class="muted">Nobody matches yet.</p>}
        {members.data && members.data.results.length > 0 && <PersonsTable persons={members.data.results} />}
      </section>
    </>
  );
}
