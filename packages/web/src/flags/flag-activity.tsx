import { listActivity } from '../activity/activity-api.ts';
import { ActivityEntryView } from '../activity/activity-entry-view.tsx';
import { Link } from '../router/link.tsx';
import { ErrorNotice, Loading } from '../ui/status.tsx';
import { useResource } from '../ui/use-resource.ts';

/**
 * The flag's history, read from the project's activity log. `version` re-reads it after every change made
 * on this page; a revert calls `onChange` so the page reloads the flag (and with it, this list).
 */
export function FlagActivity({
  flagId,
  version,
  onChange,
  onRequested,
}: {
  flagId: number;
  version: number;
  onChange: () => void;
  /** A revert the environment held for approval: the page shows the request. */
  onRequested?: (changeRequestId: string) => void;
}) {
  const activity = useResource(
    () => listActivity({ scope: 'FeatureFlag', item_id: String(flagId) }),
    [flagId, version],
  );
  return (
    <section class="card" aria-labelledby="activity-title">
      <h2 id="activity-title">History</h2>
      {activity.error ? <ErrorNotice error={activity.error} retry={activity.reload} /> : null}
      {!activity.data && <Loading />}
      <ul class="timeline">
        {activity.data?.results.map((a) => (
          <ActivityEntryView key={a.id} entry={a} onReverted={onChange} onRequested={onRequested} />
        ))}
      </ul>
      {activity.data?.next ? (
        <p class="small">
          <Link href="/activity">Older changes in the activity log</Link>
        </p>
      ) : null}
    </section>
  );
}
