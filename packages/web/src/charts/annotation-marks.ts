import type { EChartsCoreOption } from 'echarts/core';
import type { Annotation } from '../annotations/annotation-types.ts';

/** The marks' colour: apart from the series palette, so a note never reads as data. */
export const MARK_COLOR = '#e67700';

/** A bucket's start as an instant: days come as `YYYY-MM-DD` or `YYYY-MM-DD HH:mm:ss` (hourly), in UTC. */
export function bucketStart(day: string): number {
  const iso = day.includes(' ') ? day.replace(' ', 'T') : day;
  return Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(iso) || !iso.includes('T') ? iso : `${iso}Z`);
}

/** The instants a chart covers: its first bucket's start to its last bucket's end (one step past its start). */
export function chartRange(days: readonly string[]): { from: Date; to: Date } | undefined {
  const first = days[0];
  const last = days.at(-1);
  if (first === undefined || last === undefined) return undefined;
  const start = bucketStart(first);
  const end = bucketStart(last);
  if (Number.isNaN(start) || Number.isNaN(end)) return undefined;
  const second = days[1];
  const step = second === undefined ? 86_400_000 : bucketStart(second) - start;
  return { from: new Date(start), to: new Date(end + step - 1) };
}

export interface BucketNotes {
  index: number;
  notes: Annotation[];
}

/** Groups notes by the bucket containing their date (the last bucket starting at or before it). */
export function notesByBucket(days: readonly string[], notes: readonly Annotation[]): BucketNotes[] {
  const range = chartRange(days);
  if (!range) return [];
  const starts = days.map(bucketStart);
  const buckets = new Map<number, Annotation[]>();
  for (const note of notes) {
    const at = Date.parse(note.date_marker);
    if (at < range.from.getTime() || at > range.to.getTime()) continue;
    let index = 0;
    for (let i = 0; i < starts.length; i += 1) if ((starts[i] ?? 0) <= at) index = i;
    buckets.set(index, [...(buckets.get(index) ?? []), note]);
  }
  return [...buckets.entries()].sort((a, b) => a[0] - b[0]).map(([index, list]) => ({ index, notes: list }));
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&quot;'));

/** One line per note, for tooltips and the chart's text alternative. */
export const noteLine = (n: Annotation): string =>
  n.created_by ? `${n.content} (${n.created_by})` : n.content;

/**
 * Adds a small marker at the foot of each annotated bucket, on the first series (ECharts `markPoint`), with a
 * tooltip of the notes and their authors. The marker sits on the zero line, which is the x-axis for the
 * charts it is used on (counts; lifecycle draws losses below it, so its marks sit between gains and losses).
 */
export function withAnnotationMarks(
  option: EChartsCoreOption,
  marks: readonly BucketNotes[],
): EChartsCoreOption {
  const series = option.series;
  if (marks.length === 0 || !Array.isArray(series) || series.length === 0) return option;
  const [first, ...rest] = series as Record<string, unknown>[];
  const markPoint = {
    symbol: 'triangle',
    symbolSize: 11,
    symbolOffset: [0, 8],
    silent: false,
    itemStyle: { color: MARK_COLOR },
    label: { show: false },
    tooltip: {
      trigger: 'item',
      formatter: (p: { data?: { notes?: Annotation[] } }) =>
        (p.data?.notes ?? []).map((n) => escapeHtml(noteLine(n))).join('<br/>'),
    },
    data: marks.map((m) => ({ coord: [m.index, 0], notes: m.notes, name: 'annotation' })),
  };
  return { ...option, series: [{ ...first, markPoint }, ...rest] };
}
