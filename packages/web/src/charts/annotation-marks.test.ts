import { describe, expect, it } from 'vitest';
import type { Annotation } from '../annotations/annotation-types.ts';
import { bucketStart, chartRange, notesByBucket, withAnnotationMarks } from './annotation-marks.ts';

const note = (id: number, date: string, content = `note ${id}`): Annotation => ({
  id,
  content,
  date_marker: date,
  scope: 'project',
  dashboard_item: null,
  creation_type: 'USR',
  created_by: 'ana@example.com',
  created_at: date,
  updated_at: date,
  deleted: false,
});

const DAYS = ['2026-02-01', '2026-02-02', '2026-02-03'];

describe('annotation marks', () => {
  it('covers the first bucket’s start to the end of the last one, daily and hourly', () => {
    expect(chartRange(DAYS)).toEqual({
      from: new Date('2026-02-01T00:00:00Z'),
      to: new Date('2026-02-03T23:59:59.999Z'),
    });
    const hours = ['2026-02-01 10:00:00', '2026-02-01 11:00:00'];
    expect(bucketStart(hours[0] ?? '')).toBe(Date.parse('2026-02-01T10:00:00Z'));
    expect(chartRange(hours)?.to).toEqual(new Date('2026-02-01T11:59:59.999Z'));
    expect(chartRange([])).toBeUndefined();
  });

  it('puts each note in the bucket containing its date and drops those outside', () => {
    const marks = notesByBucket(DAYS, [
      note(1, '2026-02-02T23:59:00Z'),
      note(2, '2026-02-02T00:00:00Z'),
      note(3, '2026-02-01T08:00:00Z'),
      note(4, '2026-01-31T23:00:00Z'),
      note(5, '2026-02-04T00:00:00Z'),
    ]);
    expect(marks.map((m) => [m.index, m.notes.map((n) => n.id)])).toEqual([
      [0, [3]],
      [1, [1, 2]],
    ]);
  });

  it('marks the first series only, with the notes and authors in its tooltip', () => {
    const option = {
      series: [
        { type: 'line', data: [1, 2, 3] },
        { type: 'line', data: [3, 2, 1] },
      ],
    };
    const marked = withAnnotationMarks(
      option,
      notesByBucket(DAYS, [note(7, '2026-02-03T10:00:00Z', '2.9.0 <b>')]),
    );
    const [first, second] = marked.series as Record<string, unknown>[];
    const mark = first?.markPoint as {
      data: { coord: number[] }[];
      tooltip: { formatter: (p: unknown) => string };
    };
    expect(mark.data.map((d) => d.coord)).toEqual([[2, 0]]);
    expect(mark.tooltip.formatter(mark.data[0] ? { data: mark.data[0] } : {})).toBe(
      '2.9.0 &lt;b&gt; (ana@example.com)',
    );
    expect(second).not.toHaveProperty('markPoint');
    expect(withAnnotationMarks(option, [])).toBe(option);
  });
});
