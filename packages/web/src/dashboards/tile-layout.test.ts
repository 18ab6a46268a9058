import { describe, expect, it } from 'vitest';
import type { DashboardTile } from '../api/query-types.ts';
import { canResize, layoutChanges, moved, orderTiles, resized } from './tile-layout.ts';

const tile = (id: number, x: number, y: number): DashboardTile => ({
  id,
  insight: null,
  text: null,
  layouts: { sm: { x, y, w: 6, h: 5 } },
  last_refresh: null,
});

describe('tile layout', () => {
  it('orders tiles top to bottom, then left to right', () => {
    expect(orderTiles([tile(1, 6, 5), tile(2, 0, 5), tile(3, 6, 0), tile(4, 0, 0)]).map((t) => t.id)).toEqual(
      [4, 3, 2, 1],
    );
  });

  it('resizes by whole cells within 3–12 columns and 3–12 rows, pulling the tile left to stay in the grid', () => {
    expect(resized({ x: 0, y: 0, w: 6, h: 5 }, 1, 1)).toEqual({ x: 0, y: 0, w: 7, h: 6 });
    expect(resized({ x: 6, y: 0, w: 6, h: 5 }, 1, 0)).toEqual({ x: 5, y: 0, w: 7, h: 5 });
    expect(resized({ x: 6, y: 0, w: 12, h: 12 }, 1, 1)).toEqual({ x: 0, y: 0, w: 12, h: 12 });
    expect(resized({ x: 0, y: 0, w: 3, h: 3 }, -1, -1)).toEqual({ x: 0, y: 0, w: 3, h: 3 });
    expect(canResize({ x: 0, y: 0, w: 3, h: 3 }, -1, 0)).toBe(false);
    expect(canResize({ x: 0, y: 0, w: 3, h: 3 }, 0, 1)).toBe(true);
  });
});

describe('tile moves and grid changes', () => {
  it('moves by whole cells without leaving the grid', () => {
    expect(moved({ x: 0, y: 2, w: 6, h: 5 }, 1, -1)).toEqual({ x: 1, y: 1, w: 6, h: 5 });
    expect(moved({ x: 6, y: 0, w: 6, h: 5 }, 1, -1)).toEqual({ x: 6, y: 0, w: 6, h: 5 });
    expect(moved({ x: 0, y: 0, w: 4, h: 5 }, -1, 3)).toEqual({ x: 0, y: 3, w: 4, h: 5 });
  });

  it('reports only tiles the grid placed differently from their saved layout', () => {
    const saved = [tile(1, 0, 0), tile(2, 6, 0)];
    const placed = [
      { id: 1, x: 0, y: 0, w: 6, h: 5 },
      { id: 2, x: 0, y: 5, w: 8, h: 5 },
      { id: 9, x: 0, y: 10, w: 6, h: 5 },
    ];
    expect(layoutChanges(saved, placed)).toEqual([{ id: 2, layout: { x: 0, y: 5, w: 8, h: 5 } }]);
  });
});
