import { type GridItemHTMLElement, GridStack, type GridStackNode } from 'gridstack';
import 'gridstack/dist/gridstack.css';
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import type { DashboardTile, TileLayout } from '../api/query-types.ts';
import {
  GRID_COLUMNS,
  type LayoutChange,
  layoutChanges,
  layoutOf,
  MAX_H,
  MIN_H,
  MIN_W,
} from './tile-layout.ts';

/**
 * Moves or resizes one tile through the grid, which settles the tiles around it like a drag would. The change gets
 * the tile's layout as the grid shows it now, so quick repeated key presses build on each other before any save.
 */
export type PlaceTile = (change: (current: TileLayout) => TileLayout) => void;

interface TileGridProps {
  /** In reading order; the parent remounts the grid (by `key`) when tiles come or go. */
  tiles: DashboardTile[];
  editable: boolean;
  onLayouts: (changes: LayoutChange[]) => void;
  renderTile: (tile: DashboardTile, place: PlaceTile) => ComponentChildren;
}

// One row is 56 px of tile plus a 12 px gap (6 px margin each side), the sizes the tile card draws its chart for.
const CELL_HEIGHT = 68;
const MARGIN = 6;
// Below this grid width the tiles stack in one column; that view is never written back as the saved layout.
const ONE_COLUMN_BELOW = 700;

/**
 * The dashboard's 12-column grid: tiles drag by their header and resize from their corner, and every change the
 * grid settles on is handed to `onLayouts` to be saved (as PostHog's `layouts.sm`).
 *
 * Why gridstack rather than react-grid-layout (which PostHog uses): gridstack has no dependencies and no framework,
 * ships its own types, and costs about 25 KB gzipped; react-grid-layout would bring react-draggable,
 * react-resizable, prop-types and a `react` → `preact/compat` alias into a Preact app, and its types expect React's.
 * Both are maintained. The price: gridstack owns the items' positions while it runs, so tiles coming or going
 * remount the grid, and saved layouts are pushed into it with `update()` rather than rendered.
 */
export function TileGrid({ tiles, editable, onLayouts, renderTile }: TileGridProps) {
  const host = useRef<HTMLDivElement>(null);
  const grid = useRef<GridStack | null>(null);
  // The change handler is bound once; it reads the latest tiles and callback from here.
  const latest = useRef({ tiles, onLayouts });
  latest.current = { tiles, onLayouts };

  useEffect(() => {
    if (!host.current) return;
    const g = GridStack.init(
      {
        column: GRID_COLUMNS,
        cellHeight: CELL_HEIGHT,
        margin: MARGIN,
        handle: '.tile-head',
        staticGrid: !editable,
        animate: false,
        // Editors see the corner handle on every tile: resizing is not hidden behind a hover.
        alwaysShowResizeHandle: true,
        columnOpts: { breakpoints: [{ w: ONE_COLUMN_BELOW, c: 1 }], layout: 'list' },
      },
      host.current,
    );
    if (!g) return;
    grid.current = g;
    g.on('change', (_event: Event, nodes: GridStackNode[]) => {
      if (g.getColumn() !== GRID_COLUMNS) return;
      const placed = nodes.flatMap((n) =>
        n.id === undefined ? [] : [{ id: Number(n.id), x: n.x ?? 0, y: n.y ?? 0, w: n.w ?? 1, h: n.h ?? 1 }],
      );
      const changes = layoutChanges(latest.current.tiles, placed);
      if (changes.length) latest.current.onLayouts(changes);
    });
    return () => {
      g.destroy(false);
      grid.current = null;
    };
  }, [editable]);

  // A saved layout that differs from what the grid shows (another tab's edit, a failed write) wins.
  useEffect(() => {
    const g = grid.current;
    if (!g || g.getColumn() !== GRID_COLUMNS) return;
    g.batchUpdate();
    for (const t of tiles) {
      const el = host.current?.querySelector<HTMLElement>(`[gs-id="${t.id}"]`);
      if (el) g.update(el, layoutOf(t));
    }
    g.batchUpdate(false);
  }, [tiles]);

  const place =
    (t: DashboardTile): PlaceTile =>
    (change) => {
      const el = host.current?.querySelector<GridItemHTMLElement>(`[gs-id="${t.id}"]`);
      const n = el?.gridstackNode;
      const now = n ? { x: n.x ?? 0, y: n.y ?? 0, w: n.w ?? 1, h: n.h ?? 1 } : layoutOf(t);
      if (el) grid.current?.update(el, change(now));
    };

  return (
    <div class="grid-stack dashboard-grid" ref={host}>
      {tiles.map((t) => {
        const l = layoutOf(t);
        return (
          <div
            key={t.id}
            class="grid-stack-item"
            gs-id={String(t.id)}
            gs-x={l.x}
            gs-y={l.y}
            gs-w={l.w}
            gs-h={l.h}
            gs-min-w={MIN_W}
            gs-min-h={MIN_H}
            gs-max-h={MAX_H}
          >
            <div class="grid-stack-item-content">{renderTile(t, place(t))}</div>
          </div>
        );
      })}
    </div>
  );
}
