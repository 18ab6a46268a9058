import type { DashboardTile, TileLayout } from '../api/query-types.ts';

export const GRID_COLUMNS = 12;
export const MIN_W = 3;
export const MIN_H = 3;
export const MAX_H = 12;

const fallback: TileLayout = { x: 0, y: 0, w: 6, h: 5 };

/** The wide-screen layout of a tile (PostHog stores one per breakpoint; `sm` is the desktop one). */
export const layoutOf = (t: DashboardTile): TileLayout => t.layouts.sm ?? fallback;

/** Tiles in reading order: top to bottom, then left to right, as the grid flows them. */
export function orderTiles(tiles: DashboardTile[]): DashboardTile[] {
  return [...tiles].sort((a, b) => {
    const la = layoutOf(a);
    const lb = layoutOf(b);
    return la.y - lb.y || la.x - lb.x || a.id - b.id;
  });
}

/** A tile grown or shrunk by whole grid cells, kept inside the grid's bounds. */
export function resized(layout: TileLayout, dw: number, dh: number): TileLayout {
  const w = Math.min(GRID_COLUMNS, Math.max(MIN_W, layout.w + dw));
  const h = Math.min(MAX_H, Math.max(MIN_H, layout.h + dh));
  return { ...layout, w, h, x: Math.min(layout.x, GRID_COLUMNS - w) };
}

export const canResize = (layout: TileLayout, dw: number, dh: number): boolean => {
  const next = resized(layout, dw, dh);
  return next.w !== layout.w || next.h !== layout.h;
};

/** A tile moved by whole cells, kept inside the grid (the grid then settles any tiles it lands on). */
export function moved(layout: TileLayout, dx: number, dy: number): TileLayout {
  const x = Math.min(GRID_COLUMNS - layout.w, Math.max(0, layout.x + dx));
  return { ...layout, x, y: Math.max(0, layout.y + dy) };
}

export interface LayoutChange {
  id: number;
  layout: TileLayout;
}

/**
 * The tiles whose position in the grid differs from their saved layout: after a drag the grid reports every tile it
 * touched (the dragged one and those it pushed), and only real differences are worth a write.
 */
export function layoutChanges(
  saved: DashboardTile[],
  placed: { id: number; x: number; y: number; w: number; h: number }[],
): LayoutChange[] {
  const byId = new Map(saved.map((t) => [t.id, layoutOf(t)]));
  return placed.flatMap(({ id, x, y, w, h }) => {
    const before = byId.get(id);
    if (!before || (before.x === x && before.y === y && before.w === w && before.h === h)) return [];
    return [{ id, layout: { x, y, w, h } }];
  });
}
