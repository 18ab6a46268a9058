import { PROJECT } from '../api/endpoints.ts';
import { get } from '../api/http.ts';
import type { FlagActivity as Activity } from '../api/types.ts';
import { fullTime, timeAgo } from '../ui/format.ts';
import { ErrorNotice, Loading } from '../ui/status.tsx';
import { useResource } from '../ui/use-resource.ts';
import { describeValue } from './rollout-summary.ts';

/** Who changed what, newest first. `version` re-reads it after every change made on this page. */
export function FlagActivity({ flagId, version }: { flagId: number; version: number }) {
  const activity = useResource(
    () => get<{ results: Activity[] }>(`${PROJECT}/feature_flags/${flagId}/activity`),
    [flagId, version],
  );
  return (
    <section class="card" aria-labelledby="activity-title">
      <h2 id="activity-title">History</h2>
      {activity.error ? <ErrorNotice error={activity.error} retry={activity.reload} /> : null}
      {!activity.data && <Loading />}
      <ul class="timeline">
        {activity.data?.results.map((a) => (
          <li key={a.id}>
            <div>
              <strong>{a.user.name}</strong> {a.activity} the flag{' '}
              <span class="muted" title={fullTime(a.created_at)}>
                {timeAgo(a.created_at)}
              </span>
            </div>
            {a.activity === 'updated' &&
              a.detail.changes.map((c) => (
                <div key={c.field} class="change small">
                  <code>{c.field}</code>: <span class="before">{describeValue(c.field, c.before)}</span> →{' '}
                  <span class="after">{describeValue(c.field, c.after)}</span>
                </div>
              ))}
          </li>
        ))}
      </ul>
    </section>
  );
}
