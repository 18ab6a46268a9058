import { useEffect, useState } from 'preact/hooks';
import type { ActivityEntry } from '../api/types.ts';
import { PageHeader } from '../ui/page-header.tsx';
import { ErrorNotice, Loading } from '../ui/status.tsx';
import { type ActivityFilters, cursorOf, listActivity } from './activity-api.ts';
import { ActivityEntryView } from './activity-entry-view.tsx';

const SCOPES = [
  'FeatureFlag',
  'Cohort',
  'Experiment',
  'Insight',
  'Dashboard',
  'Project',
  'PersonalAPIKey',
  'Annotation',
];
const ACTOR_KINDS = ['member', 'personal_key', 'project_secret_key', 'system'];

/** Dates from the pickers are whole days: "until" includes the day picked. */
const dayAfter = (day: string) => new Date(Date.parse(day) + 86_400_000).toISOString().slice(0, 10);

/** The project's audit log: every change, filterable, newest first, with diffs and flag reverts. */
export function ActivityPage() {
  const [scope, setScope] = useState('');
  const [actorKind, setActorKind] = useState('');
  const [from, setFrom] = useState('');
  const [until, setUntil] = useState('');
  const [entries, setEntries] = useState<ActivityEntry[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(undefined);
  const [loading, setLoading] = useState(true);
  const [generation, setGeneration] = useState(0);

  const filters: ActivityFilters = {
    scope: scope || undefined,
    actor_kind: actorKind || undefined,
    after: from || undefined,
    before: until ? dayAfter(until) : undefined,
  };

  const load = (cursor?: string) => {
    setLoading(true);
    return listActivity(filters, cursor).then(
      (page) => {
        setEntries((shown) => (cursor ? [...shown, ...page.results] : page.results));
        setNext(page.next);
        setError(undefined);
        setLoading(false);
      },
      (e: unknown) => {
        setError(e);
        setLoading(false);
      },
    );
  };
  useEffect(() => {
    void load();
  }, [scope, actorKind, from, until, generation]);

  return (
    <>
      <PageHeader
        title="Activity"
        subtitle="Every change in this project, newest first. Entries cannot be edited."
      />
      <div class="toolbar">
        <div class="field inline">
          <label for="activity-scope">Kind</label>
          <select id="activity-scope" value={scope} onChange={(e) => setScope(e.currentTarget.value)}>
            <option value="">Everything</option>
            {SCOPES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </div>
        <div class="field inline">
          <label for="activity-actor">By</label>
          <select id="activity-actor" value={actorKind} onChange={(e) => setActorKind(e.currentTarget.value)}>
            <option value="">Anyone</option>
            {ACTOR_KINDS.map((k) => (
              <option key={k} value={k}>
                {k.replaceAll('_', ' ')}
              </option>
            ))}
          </select>
        </div>
        <div class="field inline">
          <label for="activity-from">From</label>
          <input
            id="activity-from"
            type="date"
            value={from}
            onChange={(e) => setFrom(e.currentTarget.value)}
          />
        </div>
        <div class="field inline">
          <label for="activity-until">Until</label>
          <input
            id="activity-until"
            type="date"
            value={until}
            onChange={(e) => setUntil(e.currentTarget.value)}
          />
        </div>
      </div>
      <section class="card">
        {error ? <ErrorNotice error={error} retry={() => setGeneration((g) => g + 1)} /> : null}
        {!loading && entries.length === 0 && !error ? <p class="muted">No changes match.</p> : null}
        <ul class="timeline">
          {entries.map((e) => (
            <ActivityEntryView key={e.id} entry={e} onReverted={() => setGeneration((g) => g + 1)} />
          ))}
        </ul>
        {loading ? <Loading /> : null}
        {next && !loading ? (
          <button type="button" class="btn" onClick={() => void load(cursorOf(next))}>
            Load more
          </button>
        ) : null}
      </section>
    </>
  );
}
