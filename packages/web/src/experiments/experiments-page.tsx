import { useCan } from '../auth/session-context.ts';
import { Link } from '../router/link.tsx';
import { navigate } from '../router/router.ts';
import { fullTime, timeAgo } from '../ui/format.ts';
import { PageHeader } from '../ui/page-header.tsx';
import { ResourceList } from '../ui/resource-list.tsx';
import { useResource } from '../ui/use-resource.ts';
import { describeMetric } from './experiment-draft.ts';
import { ExperimentStatusBadge } from './experiment-status.tsx';
import { listExperiments } from './experiments-api.ts';

export function ExperimentsPage() {
  const experiments = useResource(listExperiments, []);
  const list = (experiments.data?.results ?? []).filter((e) => !e.archived);
  const newButton = useCan('experiment:write') && (
    <button type="button" class="btn primary" onClick={() => navigate('/experiments/new')}>
      New experiment
    </button>
  );
  return (
    <>
      <PageHeader
        title="Experiments"
        subtitle="A/B test on a multivariate flag and find out which variant wins, and how sure you can be."
        actions={newButton}
      />
      <ResourceList
        resource={experiments}
        count={list.length}
        empty={
          <section class="empty teach">
            <h2>No experiments yet</h2>
            <p class="muted">
              An experiment splits users between variants of a flag, counts each user's first{' '}
              <code>$feature_flag_called</code> event as their exposure (posthog-node and posthog-js send it
              when your code reads the flag) and compares a goal metric between variants.
            </p>
            {newButton}
          </section>
        }
      >
        <table class="table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Status</th>
              <th>Flag</th>
              <th>Primary metric</th>
              <th>Started</th>
            </tr>
          </thead>
          <tbody>
            {list.map((e) => (
              <tr key={e.id}>
                <td>
                  <Link href={`/experiments/${e.id}`} class="strong">
                    {e.name}
                  </Link>
                </td>
                <td>
                  <ExperimentStatusBadge experiment={e} />
                </td>
                <td class="mono">{e.feature_flag_key}</td>
                <td class="muted">{e.metrics[0] ? describeMetric(e.metrics[0]) : '—'}</td>
                <td class="muted" title={e.start_date ? fullTime(e.start_date) : undefined}>
                  {e.start_date ? timeAgo(e.start_date) : 'Not launched'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ResourceList>
    </>
  );
}
