import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../api/api-error.ts';
import type { Dashboard } from '../api/query-types.ts';
import { useCan } from '../auth/session-context.ts';
import { Link } from '../router/link.tsx';
import { navigate } from '../router/router.ts';
import { ConfirmDialog } from '../ui/confirm-dialog.tsx';
import { DateRangePicker } from '../ui/date-range-picker.tsx';
import { timeAgo } from '../ui/format.ts';
import { PageHeader } from '../ui/page-header.tsx';
import { ErrorNotice, Loading } from '../ui/status.tsx';
import { AddTileForm } from './add-tile-form.tsx';
import { DashboardTileCard } from './dashboard-tile-card.tsx';
import { deleteDashboard, getDashboard, patchDashboard, type TilePatch } from './dashboards-api.ts';
import { useLayoutSaves } from './layout-saves.ts';
import { TileGrid } from './tile-grid.tsx';
import { orderTiles } from './tile-layout.ts';

/** A dashboard: its tiles in a 12-column grid, a date range over all of them, refresh, add/remove/move/resize. */
export function DashboardPage({ id }: { id: number }) {
  const [dashboard, setDashboard] = useState<Dashboard>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const canEdit = useCan('dashboard:write');

  const run = (work: () => Promise<Dashboard | undefined>) => {
    setBusy(true);
    setError(undefined);
    work()
      .then((d) => d && setDashboard(d), setError)
      .finally(() => setBusy(false));
  };
  useEffect(() => {
    setDashboard(undefined);
    run(() => getDashboard(id));
  }, [id]);

  if (!dashboard) {
    if (!error) return <Loading />;
    // A deleted or mistyped dashboard must not be a dead end: say so and lead back to the list.
    const missing = error instanceof ApiError && error.status === 404;
    return (
      <>
        <p class="crumbs">
          <Link href="/dashboards">Dashboards</Link> /
        </p>
        {missing ? (
          <div class="notice" role="alert">
            <span>Dashboard {id} does not exist, or it was deleted.</span>{' '}
            <Link href="/dashboards">Back to dashboards</Link>
          </div>
        ) : (
          <ErrorNotice error={error} retry={() => run(() => getDashboard(id))} />
        )}
      </>
    );
  }
  const patchTiles = (tiles: TilePatch[]) => run(() => patchDashboard(id, { tiles }));
  // A failed layout write shows the error and the dashboard as the server has it.
  const saveLayouts = useLayoutSaves(id, setDashboard, (e) => {
    setError(e);
    getDashboard(id).then(setDashboard, () => undefined);
  });
  const tiles = orderTiles(dashboard.tiles);
  const filters = dashboard.filters;
  return (
    <>
      <p class="crumbs">
        <Link href="/dashboards">Dashboards</Link> /
      </p>
      <PageHeader
        title={dashboard.name}
        subtitle={dashboard.description || undefined}
        actions={
          canEdit && (
            <button type="button" class="btn ghost" onClick={() => setConfirmDelete(true)}>
              Delete dashboard
            </button>
          )
        }
      />
      <div class="row gap wrap dashboard-bar" aria-busy={busy}>
        {/* The shared date range is saved on the dashboard, so changing it is an edit. */}
        <fieldset class="bare-fieldset" disabled={!canEdit}>
          <DateRangePicker
            id="dashboard-date-range"
            from={filters.date_from ?? ''}
            to={filters.date_to ?? ''}
            emptyLabel="Each tile’s own range"
            onChange={(from, to) =>
              run(() => patchDashboard(id, { filters: { date_from: from || null, date_to: to || null } }))
            }
          />
        </fieldset>
        <button type="button" class="btn" disabled={busy} onClick={() => run(() => getDashboard(id, true))}>
          {busy ? 'Refreshing…' : 'Refresh'}
        </button>
        <span class="muted small" data-testid="last-refresh">
          {dashboard.last_refresh ? `Computed ${timeAgo(dashboard.last_refresh)}` : ''}
        </span>
        <span class="grow" />
        {canEdit && (
          <AddTileForm
            busy={busy}
            onDashboard={new Set(tiles.flatMap((t) => (t.insight ? [t.insight.id] : [])))}
            onAdd={(insight) => patchTiles([{ insight }])}
          />
        )}
      </div>
      {error ? <ErrorNotice error={error} /> : null}
      {tiles.length === 0 && (
        <section class="empty teach">
          <h2>This dashboard is empty</h2>
          <p class="muted">
            Add a saved insight above, or build one and choose this dashboard under “Add to dashboard” when
            saving.
          </p>
        </section>
      )}
      <TileGrid
        // A new grid when tiles come or go: the grid library adopts its items once, when it starts.
        key={tiles.map((t) => t.id).join(',')}
        tiles={tiles}
        editable={canEdit}
        onLayouts={saveLayouts}
        renderTile={(t, place) => (
          <DashboardTileCard
            tile={t}
            editable={canEdit}
            place={place}
            onRemove={() => patchTiles([{ id: t.id, deleted: true }])}
          />
        )}
      />
      <ConfirmDialog
        open={confirmDelete}
        title={`Delete “${dashboard.name}”?`}
        confirmLabel="Delete dashboard"
        danger
        onCancel={() => setConfirmDelete(false)}
        onConfirm={() => {
          setConfirmDelete(false);
          deleteDashboard(id).then(() => navigate('/dashboards'), setError);
        }}
      >
        <p>The tiles go with it; the saved insights stay in Insights.</p>
      </ConfirmDialog>
    </>
  );
}
