import { useCan } from '../auth/session-context.ts';
import { Link } from '../router/link.tsx';
import { navigate } from '../router/router.ts';
import { timeAgo } from '../ui/format.ts';
import { PageHeader } from '../ui/page-header.tsx';
import { ResourceList } from '../ui/resource-list.tsx';
import { SearchBox } from '../ui/search-box.tsx';
import { useDebouncedSearch } from '../ui/use-debounced-search.ts';
import { useResource } from '../ui/use-resource.ts';
import { listInsights } from './insights-api.ts';

const KIND_LABELS: Record<string, string> = {
  TrendsQuery: 'Trends',
  FunnelsQuery: 'Funnel',
  RetentionQuery: 'Retention',
  LifecycleQuery: 'Lifecycle',
  StickinessQuery: 'Stickiness',
  PathsQuery: 'Paths',
  EventsQuery: 'Events',
};

export function InsightsPage() {
  const { input, setInput, search } = useDebouncedSearch();
  const insights = useResource(() => listInsights(search), [search]);
  const list = insights.data?.results ?? [];
  const newButton = useCan('insight:write') && (
    <button type="button" class="btn primary" onClick={() => navigate('/insights/new')}>
      New insight
    </button>
  );
  return (
    <>
      <PageHeader
        title="Insights"
        subtitle="Saved questions about your events, ready for dashboards."
        actions={newButton}
      />
      <SearchBox
        id="insight-search"
        label="Search insights"
        placeholder="Search by name or description"
        value={input}
        onInput={setInput}
      />
      <ResourceList
        resource={insights}
        count={list.length}
        empty={
          search ? (
            <p class="muted">No insight matches “{search}”.</p>
          ) : (
            <section class="empty teach">
              <h2>No insights yet</h2>
              <p class="muted">
                An insight is a saved question: “logins per day by auth method”, “how many installs reach
                their first timer”, “who comes back a week later”. Build one, then put it on a dashboard — or
                create a dashboard from a template, which saves its insights for you.
              </p>
              <div class="row gap">
                {newButton}
                <button type="button" class="btn" onClick={() => navigate('/dashboards')}>
                  Dashboard templates
                </button>
              </div>
            </section>
          )
        }
      >
        <table class="table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Type</th>
              <th class="num">Dashboards</th>
              <th>Last modified</th>
            </tr>
          </thead>
          <tbody>
            {list.map((i) => (
              <tr key={i.id}>
                <td>
                  <Link href={`/insights/${i.id}`} class="strong">
                    {i.name || `Untitled ${i.short_id}`}
                  </Link>
                  {i.description && <div class="muted small">{i.description}</div>}
                </td>
                <td>{KIND_LABELS[String(i.query.source?.kind ?? i.query.kind)] ?? 'Other'}</td>
                <td class="num">{i.dashboards.length}</td>
                <td class="muted">{timeAgo(i.last_modified_at)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ResourceList>
    </>
  );
}
