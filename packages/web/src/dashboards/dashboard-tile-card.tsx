import type { DashboardTile } from '../api/query-types.ts';
import { InsightResultView } from '../charts/insight-result-view.tsx';
import { Link } from '../router/link.tsx';
import { ErrorNotice } from '../ui/status.tsx';
import { canResize, layoutOf } from './tile-layout.ts';

interface TileCardProps {
  tile: DashboardTile;
  busy: boolean;
  /** False for roles that cannot change dashboards: no size or remove controls. */
  editable: boolean;
  onResize: (dw: number, dh: number) => void;
  onRemove: () => void;
}

// Must match .dashboard-grid's row height and gap; the chart gets the tile's height minus its header.
const ROW_HEIGHT = 56;
const GAP = 12;
const CHROME = 92;

type Source = { kind?: unknown; trendsFilter?: { display?: unknown } };

/** One dashboard tile: the insight's name, its result in the saved display, and size controls. */
export function DashboardTileCard({ tile, busy, editable, onResize, onRemove }: TileCardProps) {
  const layout = layoutOf(tile);
  const insight = tile.insight;
  const name = insight?.name || (insight ? `Untitled ${insight.short_id}` : 'Note');
  const source = (insight?.query.source ?? insight?.query ?? {}) as Source;
  const display = String(source.trendsFilter?.display ?? 'ActionsLineGraph');
  const resize = (dw: number, dh: number, label: string, text: string) => (
    <button
      type="button"
      class="btn small ghost"
      aria-label={`${label} ${name}`}
      title={label}
      disabled={busy || !canResize(layout, dw, dh)}
      onClick={() => onResize(dw, dh)}
    >
      {text}
    </button>
  );
  return (
    <section
      class="card tile"
      aria-label={name}
      data-testid="tile"
      style={{ '--w': layout.w, '--h': layout.h }}
    >
      <header class="tile-head">
        <div class="tile-title">
          {insight ? (
            <Link href={`/insights/${insight.id}`} class="strong">
              {name}
            </Link>
          ) : (
            <span class="strong">{name}</span>
          )}
          {insight?.description && <div class="muted small truncate">{insight.description}</div>}
        </div>
        {editable && (
          <div class="tile-tools">
            {resize(-1, 0, 'Narrower', '⇤')}
            {resize(1, 0, 'Wider', '⇥')}
            {resize(0, -1, 'Shorter', '⤒')}
            {resize(0, 1, 'Taller', '⤓')}
            <button
              type="button"
              class="btn small ghost"
              aria-label={`Remove ${name}`}
              title="Remove from dashboard"
              onClick={onRemove}
            >
              ✕
            </button>
          </div>
        )}
      </header>
      <div class="tile-body">
        {tile.error ? <ErrorNotice error={new Error(tile.error.detail)} /> : null}
        {tile.text && <p>{tile.text.body}</p>}
        {insight && !tile.error && (
          <InsightResultView
            kind={String(source.kind ?? 'TrendsQuery')}
            display={display}
            result={insight.result}
            title={name}
            insightId={insight.id}
            height={Math.max(120, layout.h * (ROW_HEIGHT + GAP) - GAP - CHROME)}
          />
        )}
      </div>
    </section>
  );
}
