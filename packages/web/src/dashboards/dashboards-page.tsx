import { useState } from 'preact/hooks';
import { messageOf } from '../api/api-error.ts';
import { useCan } from '../auth/session-context.ts';
import { Link } from '../router/link.tsx';
import { navigate } from '../router/router.ts';
import { timeAgo } from '../ui/format.ts';
import { PageHeader } from '../ui/page-header.tsx';
import { ResourceList } from '../ui/resource-list.tsx';
import { ErrorNotice } from '../ui/status.tsx';
import { useResource } from '../ui/use-resource.ts';
import { createDashboard, listDashboards, listTemplates } from './dashboards-api.ts';

/** Dashboards, and the ways to start one: blank or from the seed guide's templates. */
export function DashboardsPage() {
  const dashboards = useResource(listDashboards, []);
  const templates = useResource(listTemplates, []);
  const canEdit = useCan('dashboard:write');
  const [name, setName] = useState('');
  const [creating, setCreating] = useState<string | null>(null);
  const [error, setError] = useState('');
  const create = (input: { name?: string; use_template?: string }, key: string) => {
    setCreating(key);
    setError('');
    createDashboard(input).then(
      (d) => navigate(`/dashboards/${d.id}`),
      (e: unknown) => {
        setError(messageOf(e));
        setCreating(null);
      },
    );
  };
  const list = dashboards.data?.results ?? [];
  return (
    <>
      <PageHeader title="Dashboards" subtitle="Insights side by side, under one date range." />
      <div class="two-col wide-left">
        <div>
          <ResourceList
            resource={dashboards}
            count={list.length}
            empty={
              <section class="empty teach">
                <h2>No dashboards yet</h2>
                <p class="muted">
                  Start from a template — each one saves the guide's insights and lays them out for you — or
                  create a blank dashboard and add insights from the builder.
                </p>
              </section>
            }
          >
            <table class="table">
              <thead>
                <tr>
                  <th>Name</th>
                  <th>Created</th>
                  <th>Last modified</th>
                </tr>
              </thead>
              <tbody>
                {list.map((d) => (
                  <tr key={d.id}>
                    <td>
                      <Link href={`/dashboards/${d.id}`} class="strong">
                        {d.name}
                      </Link>
                      {d.description && <div class="muted small">{d.description}</div>}
                    </td>
                    <td class="muted">{d.creation_mode === 'template' ? 'From template' : 'Blank'}</td>
                    <td class="muted">{timeAgo(d.last_modified_at)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ResourceList>
        </div>
        {canEdit && (
          <div>
            <form
              class="card"
              aria-label="New dashboard"
              onSubmit={(e) => {
                e.preventDefault();
                create({ name: name.trim() || 'New dashboard' }, 'blank');
              }}
            >
              <h2>New dashboard</h2>
              <div class="field">
                <label for="dashboard-name">Name</label>
                <input
                  id="dashboard-name"
                  value={name}
                  placeholder="New dashboard"
                  onInput={(e) => setName(e.currentTarget.value)}
                />
              </div>
              <button type="submit" class="btn primary" disabled={creating !== null}>
                Create blank dashboard
              </button>
            </form>
            <section class="card" aria-labelledby="templates-title">
              <h2 id="templates-title">Templates</h2>
              {templates.error ? <ErrorNotice error={templates.error} retry={templates.reload} /> : null}
              <ul class="plain templates">
                {(templates.data?.results ?? []).map((t) => (
                  <li key={t.id}>
                    <div class="strong">{t.template_name}</div>
                    <p class="muted small">
                      {t.dashboard_description} {t.tiles.length} tiles.
                    </p>
                    <button
                      type="button"
                      class="btn small"
                      aria-label={`Use template ${t.template_name}`}
                      disabled={creating !== null}
                      onClick={() => create({ use_template: t.id }, t.id)}
                    >
                      {creating === t.id ? 'Creating…' : 'Use template'}
                    </button>
                  </li>
                ))}
              </ul>
            </section>
            {error && (
              <p class="error-text" role="alert">
                {error}
              </p>
            )}
          </div>
        )}
      </div>
    </>
  );
}
