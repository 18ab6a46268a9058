import { useState } from 'preact/hooks';
import type { ActivityEntry } from '../api/types.ts';
import { isChangeRequest } from '../change-requests/change-requests-api.ts';
import { describeValue } from '../flags/rollout-summary.ts';
import { Link } from '../router/link.tsx';
import { fullTime, timeAgo } from '../ui/format.ts';
import { ErrorNotice } from '../ui/status.tsx';
import { revertFlagChange } from './activity-api.ts';

const ITEM_PAGES: Record<string, string> = {
  FeatureFlag: '/feature_flags',
  Cohort: '/cohorts',
  Experiment: '/experiments',
  Insight: '/insights',
  Dashboard: '/dashboards',
};

const SCOPE_LABELS: Record<string, string> = {
  FeatureFlag: 'flag',
  Cohort: 'cohort',
  Experiment: 'experiment',
  Insight: 'insight',
  Dashboard: 'dashboard',
  Project: 'project settings',
  PersonalAPIKey: 'personal API key',
  Annotation: 'annotation',
};

function Item({ entry }: { entry: ActivityEntry }) {
  const label = `${SCOPE_LABELS[entry.scope] ?? entry.scope} ${entry.detail.name ?? `#${entry.item_id}`}`;
  const page = ITEM_PAGES[entry.scope];
  if (!page || entry.activity === 'deleted') return <span>{label}</span>;
  return <Link href={`${page}/${entry.item_id}`}>{label}</Link>;
}

/**
 * One change: who, what, when, why, and the field-by-field diff. Flag entries get a Revert button, which
 * restores that entry's "before" values as a new change (the server logs it as `reverted`).
 */
export function ActivityEntryView({
  entry,
  onReverted,
  onRequested,
}: {
  entry: ActivityEntry;
  onReverted: () => void;
  /** Where approvals are required a revert waits as a change request (answered 202) instead of applying. */
  onRequested?: ((changeRequestId: string) => void) | undefined;
}) {
  const [reverting, setReverting] = useState(false);
  const [held, setHeld] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const revert = () => {
    setReverting(true);
    setError(undefined);
    revertFlagChange(entry.item_id, entry.id).then(
      (answer) => {
        setReverting(false);
        if (isChangeRequest(answer)) {
          setHeld(true);
          onRequested?.(answer.id);
        } else onReverted();
      },
      (e: unknown) => {
        setReverting(false);
        setError(e);
      },
    );
  };
  // A creation's diff is the whole initial item; the sentence says enough.
  const changes = entry.activity === 'created' ? [] : entry.detail.changes;
  return (
    <li data-testid="activity-entry" data-activity={entry.activity}>
      <div class="activity-head">
        <span>
          <strong title={entry.actor.kind}>{entry.actor.name}</strong> {entry.activity} <Item entry={entry} />{' '}
          <span class="muted" title={fullTime(entry.created_at)}>
            {timeAgo(entry.created_at)}
          </span>
        </span>
        {entry.scope === 'FeatureFlag' && entry.revertable ? (
          <button type="button" class="btn small" disabled={reverting} onClick={revert}>
            {reverting ? 'Reverting…' : entry.activity === 'created' ? 'Revert (deletes the flag)' : 'Revert'}
          </button>
        ) : null}
      </div>
      {entry.detail.reason ? <div class="reason small">“{entry.detail.reason}”</div> : null}
      {changes.map((c) => (
        <div key={c.field} class="change small">
          <code>{c.field}</code>: <span class="before">{describeValue(c.field, c.before)}</span> →{' '}
          <span class="after">{describeValue(c.field, c.after)}</span>
        </div>
      ))}
      {held ? (
        <div class="small" role="status">
          The revert waits for approval. <Link href="/change_requests">Change requests</Link>
        </div>
      ) : null}
      {error ? <ErrorNotice error={error} /> : null}
    </li>
  );
}
