import { useRef } from 'preact/hooks';
import type { Dashboard } from '../api/query-types.ts';
import { patchDashboard } from './dashboards-api.ts';
import type { LayoutChange } from './tile-layout.ts';

/**
 * Saves tile layouts one write at a time, in the order the grid settled them. Key presses and drags can come faster
 * than writes: parallel writes could land out of order, and an older answer would pull the grid back, so only the
 * answer to the last queued write is shown.
 */
export function useLayoutSaves(
  dashboardId: number,
  onSaved: (d: Dashboard) => void,
  onFailed: (e: unknown) => void,
): (changes: LayoutChange[]) => void {
  const queue = useRef({ chain: Promise.resolve(), pending: 0 });
  return (changes) => {
    const q = queue.current;
    q.pending++;
    const tiles = changes.map((c) => ({ id: c.id, layouts: { sm: c.layout } }));
    q.chain = q.chain
      .then(() => patchDashboard(dashboardId, { tiles }))
      .then(
        (d) => {
          q.pending--;
          if (q.pending === 0) onSaved(d);
        },
        (e: unknown) => {
          q.pending--;
          onFailed(e);
        },
      );
  };
}
