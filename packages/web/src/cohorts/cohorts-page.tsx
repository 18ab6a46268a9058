import { PROJECT } from '../api/endpoints.ts';
import { get } from '../api/http.ts';
import type { Cohort } from '../api/types.ts';
import { useCan } from '../auth/session-context.ts';
import { Link } from '../router/link.tsx';
import { navigate } from '../router/router.ts';
import { timeAgo } from '../ui/format.ts';
import { PageHeader } from '../ui/page-header.tsx';
import { ResourceList } from '../ui/resource-list.tsx';
import { useResource } from '../ui/use-resource.ts';

export function CohortsPage() {
  const cohorts = useResource(() => get<{ results: Cohort[] }>(`${PROJECT}/cohorts/`), []);
  const newButton = useCan('cohort:write') && (
    <button type="button" class="btn primary" onClick={() => navigate('/cohorts/new')}>
      New cohort
    </button>
  );
  const list = cohorts.data?.results ?? [];
  return (
    <>
      <PageHeader
        title="Cohorts"
        subtitle="Named sets of persons, to target flags and compare behaviour."
        actions={newButton}
      />
      <ResourceList
        resource={cohorts}
        count={list.length}
        empty={
          <section class="empty teach">
            <h2>No cohorts yet</h2>
            <p class="muted">
              A cohort is either <strong>dynamic</strong> — everyone whose person properties match, e.g.{' '}
              <code>deployment_method = docker</code> and <code>current_version = 3.0.0</code> — or{' '}
              <strong>static</strong>, a list of distinct ids uploaded as CSV. Use them in a flag's release
              conditions.
            </p>
            {newButton}
          </section>
        }
      >
        <table class="table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Type</th>
              <th class="num">Persons</th>
              <th>Created</th>
            </tr>
          </thead>
          <tbody>
            {list.map((c) => (
              <tr key={c.id}>
                <td>
                  <Link href={`/cohorts/${c.id}`} class="strong">
                    {c.name}
                  </Link>
                  {c.description && <div class="muted small">{c.description}</div>}
                </td>
                <td>{c.is_static ? 'Static (CSV)' : 'Dynamic'}</td>
                <td class="num">{c.count.toLocaleString()}</td>
                <td class="muted">{timeAgo(c.created_at)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ResourceList>
    </>
  );
}
