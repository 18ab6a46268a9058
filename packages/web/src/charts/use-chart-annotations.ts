import { useCallback, useEffect, useState } from 'preact/hooks';
import type { Annotation } from '../annotations/annotation-types.ts';
import { annotationsBetween } from '../annotations/annotations-api.ts';
import { chartRange } from './annotation-marks.ts';

/**
 * The notes dated within a chart's buckets, fetched once per range (a new result over the same range reuses
 * them). Notes pinned to another insight are left out. A failed fetch draws the chart without marks.
 */
export function useChartAnnotations(days: readonly string[], insightId?: number) {
  const [notes, setNotes] = useState<Annotation[]>([]);
  const [generation, setGeneration] = useState(0);
  const key = `${days[0] ?? ''}|${days[1] ?? ''}|${days.at(-1) ?? ''}`;
  useEffect(() => {
    const range = chartRange(days);
    if (!range) {
      setNotes([]);
      return;
    }
    let current = true;
    annotationsBetween(range.from, range.to).then(
      (page) =>
        current &&
        setNotes(page.results.filter((n) => n.scope !== 'dashboard_item' || n.dashboard_item === insightId)),
      () => current && setNotes([]),
    );
    return () => {
      current = false;
    };
  }, [key, insightId, generation]);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { notes, reload };
}
