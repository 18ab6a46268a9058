import type { DashboardTile } from '../api/query-types.ts';
import { InsightResultView } from '../charts/insight-result-view.tsx';
import { Link } from '../router/link.tsx';
import { ErrorNotice } from '../ui/status.tsx';
import type { PlaceTile } from './tile-grid.tsx';
import { canResize, layoutOf, moved, resized } from './tile-layout.ts';

interface TileCardProps {
  tile: DashboardTile;
  /** False for roles that cannot change dashboards: no move, size or remove controls. */
  editable: boolean;
  /** Hands a new layout to the grid, which settles the other tiles and saves. */
  place: PlaceTile;
  onRemove: () => void;
}

const ARROWS = new Map<string, readonly [number, number]>([
  ['ArrowLeft', [-1, 0]],
  ['ArrowRight', [1, 0]],
  ['ArrowUp', [0, -1]],
  ['ArrowDown', [0, 1]],
]);

// Must match .dashboard-grid's row height and gap; the chart gets the tile's height minus its header.
const ROW_HEIGHT = 56;
const GAP = 12;
const CHROME = 92;

type Source = { kind?: unknown; trendsFilter?: { display?: unknown } };

/** One dashboard tile: the insight's name, its result in the saved display, and size controls. */
export function DashboardTileCard({ tile, editable, place, onRemove }: TileCardProps) {
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
      // Not disabled while saving: a disabled button drops keyboard focus; the grid queues the change itself.
      disabled={!canResize(layout, dw, dh)}
      onClick={() => place((now) => resized(now, dw, dh))}
    >
      {text}
    </button>
  );
  return (
    <section class="card tile" aria-label={name} data-testid="tile">
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
            <button
              type="button"
              class="btn small ghost tile-grip"
              aria-label={`Move ${name}`}
              aria-keyshortcuts="ArrowLeft ArrowRight ArrowUp ArrowDown"
              title="Drag the header to move; or focus here and use the arrow keys"
              onKeyDown={(e) => {
                const step = ARROWS.get(e.key);
                if (!step) return;
                e.preventDefault();
                const grip = e.currentTarget;
                place((now) => moved(now, step[0], step[1]));
                // The grid re-orders its items in the DOM to match the new reading order, which drops focus.
                requestAnimationFrame(() => grip.focus());
              }}
            >
              ⠿
            </button>
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
