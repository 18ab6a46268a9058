import { useState } from 'preact/hooks';
import { PROJECT } from '../api/endpoints.ts';
import { get, patch, query } from '../api/http.ts';
import type { Flag } from '../api/types.ts';
import { useSession } from '../auth/session-context.ts';
import { useWorkspace } from '../environments/workspace-context.ts';
import { flagSnippet } from '../onboarding/snippets.ts';
import { Link } from '../router/link.tsx';
import { navigate } from '../router/router.ts';
import { CodeBlock } from '../ui/copy-field.tsx';
import { timeAgo } from '../ui/format.ts';
import { PageHeader } from '../ui/page-header.tsx';
import { ResourceList } from '../ui/resource-list.tsx';
import { SearchBox } from '../ui/search-box.tsx';
import { useResource } from '../ui/use-resource.ts';
import { BulkArchive } from './bulk-archive.tsx';
import { KillSwitch } from './kill-switch.tsx';
import { rolloutSummary } from './rollout-summary.ts';
import { staleReasonLabel } from './stale-reasons.ts';

type View = 'all' | 'stale' | 'archived';
const VIEW_QUERY: Record<View, Record<string, string>> = {
  all: {},
  stale: { stale: 'true' },
  archived: { archived: 'true' },
};

export function FlagsPage() {
  const [search, setSearch] = useState('');
  const [view, setView] = useState<View>('all');
  const [chosen, setChosen] = useState<ReadonlySet<number>>(new Set());
  const flags = useResource(
    () =>
      get<{ results: Flag[] }>(
        `${PROJECT}/feature_flags/${query({ search, limit: 500, ...VIEW_QUERY[view] })}`,
      ),
    [search, view],
  );
  const toggle = (id: number) =>
    setChosen((old) => {
      const next = new Set(old);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  const { project, can } = useSession();
  const { current } = useWorkspace();
  const canEdit = can('feature_flag:write');
  const newButton = canEdit && (
    <button type="button" class="btn primary" onClick={() => navigate('/feature_flags/new')}>
      New feature flag
    </button>
  );
  const list = flags.data?.results ?? [];
  return (
    <>
      <PageHeader
        title="Feature flags"
        subtitle="Release features safely: roll out gradually, target users, and switch off instantly."
        actions={
          <>
            {current.environments.length > 1 && (
              <Link href="/feature_flags/promote" class="btn">
                Compare environments
              </Link>
            )}
            {newButton}
          </>
        }
      />
      <SearchBox
        id="flag-search"
        label="Search flags"
        placeholder="Search by key or name"
        value={search}
        onInput={setSearch}
      />
      <label class="inline">
        Show{' '}
        <select
          aria-label="Show flags"
          value={view}
          onChange={(e) => {
            setView(e.currentTarget.value as View);
            setChosen(new Set());
          }}
        >
          <option value="all">All flags</option>
          <option value="stale">Stale flags</option>
          <option value="archived">Archived flags</option>
        </select>
      </label>
      {view === 'stale' && canEdit && (
        <BulkArchive
          chosen={list.filter((f) => chosen.has(f.id))}
          onDone={() => {
            setChosen(new Set());
            flags.reload();
          }}
        />
      )}
      <ResourceList
        resource={flags}
        count={list.length}
        empty={
          search ? (
            <p class="muted">No flag matches “{search}”.</p>
          ) : view !== 'all' ? (
            <p class="muted">{view === 'stale' ? 'No stale flags.' : 'No archived flags.'}</p>
          ) : (
            <section class="empty teach">
              <h2>No feature flags yet</h2>
              <p class="muted">
                Create a flag, then ask for it from your code. Evaluation runs on this server (or locally in
                posthog-node with a personal API key), and a change here reaches every SDK within seconds.
              </p>
              <CodeBlock
                label="posthog-node"
                code={flagSnippet(project.api_token, location.origin, 'new-dashboard')}
              />
              {newButton}
            </section>
          )
        }
      >
        <table class="table reflow">
          <thead>
            <tr>
              {view === 'stale' && canEdit && <th aria-label="Select" />}
              <th>Key</th>
              {view === 'stale' && <th>Stale because</th>}
              <th>Rollout</th>
              <th>Updated</th>
              <th>Enabled</th>
            </tr>
          </thead>
          <tbody>
            {list.map((flag) => (
              <tr key={flag.id}>
                {view === 'stale' && canEdit && (
                  <td>
                    <input
                      type="checkbox"
                      aria-label={`Select ${flag.key}`}
                      checked={chosen.has(flag.id)}
                      onChange={() => toggle(flag.id)}
                    />
                  </td>
                )}
                <td>
                  <Link href={`/feature_flags/${flag.id}`} class="strong mono">
                    {flag.key}
                  </Link>
                  {flag.name && <div class="muted small">{flag.name}</div>}
                </td>
                {view === 'stale' && (
                  <td data-testid={`stale-reasons-${flag.key}`}>
                    {(flag.stale?.reasons ?? []).map(staleReasonLabel).join(', ')}
                    {flag.stale?.since && <div class="muted small">since {flag.stale.since}</div>}
                  </td>
                )}
                <td>{rolloutSummary(flag.filters)}</td>
                <td class="muted" title={flag.updated_at}>
                  {timeAgo(flag.updated_at)}
                </td>
                <td class="reflow-end">
                  <KillSwitch
                    environment={current.environment}
                    flag={flag}
                    disabled={!canEdit}
                    onChange={(active) =>
                      patch(`${PROJECT}/feature_flags/${flag.id}/`, { active }).then(flags.reload)
                    }
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ResourceList>
    </>
  );
}
