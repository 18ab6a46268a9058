import type { EChartsCoreOption } from 'echarts/core';
import { useMemo, useState } from 'preact/hooks';
import { createAnnotation } from '../annotations/annotations-api.ts';
import { useCan } from '../auth/session-context.ts';
import { ErrorNotice } from '../ui/status.tsx';
import { bucketStart, noteLine, notesByBucket, withAnnotationMarks } from './annotation-marks.ts';
import { EChart } from './echart.tsx';
import { useChartAnnotations } from './use-chart-annotations.ts';

interface AnnotatedChartProps {
  option: EChartsCoreOption;
  /** Bucket starts and their axis labels, index for index. */
  days: readonly string[];
  labels: readonly string[];
  label: string;
  height?: number | undefined;
  insightId?: number | undefined;
}

/** A time chart with the project's annotations marked under their buckets; a click on a bucket adds one. */
export function AnnotatedChart({ option, days, labels, label, height, insightId }: AnnotatedChartProps) {
  const { notes, reload } = useChartAnnotations(days, insightId);
  const marks = useMemo(() => notesByBucket(days, notes), [days, notes]);
  const marked = useMemo(() => withAnnotationMarks(option, marks), [option, marks]);
  const [adding, setAdding] = useState<number | null>(null);
  const canAnnotate = useCan('annotation:write');
  // The drawing is an image to screen readers: its text alternative names the notes too.
  const described = marks.length
    ? `${label}. Annotations: ${marks
        .flatMap((m) => m.notes.map((n) => `${labels[m.index] ?? ''}: ${noteLine(n)}`))
        .join('; ')}`
    : label;
  const count = marks.reduce((n, m) => n + m.notes.length, 0);
  return (
    <div class="annotated-chart" data-annotations={count}>
      <EChart
        option={marked}
        label={described}
        height={height}
        onCategoryClick={canAnnotate ? setAdding : undefined}
      />
      {adding !== null && days[adding] !== undefined && (
        <AddAnnotationForm
          bucketLabel={labels[adding] ?? days[adding] ?? ''}
          at={new Date(bucketStart(days[adding] ?? ''))}
          onClose={() => setAdding(null)}
          onSaved={() => {
            setAdding(null);
            reload();
          }}
        />
      )}
    </div>
  );
}

interface AddFormProps {
  bucketLabel: string;
  at: Date;
  onClose: () => void;
  onSaved: () => void;
}

function AddAnnotationForm({ bucketLabel, at, onClose, onSaved }: AddFormProps) {
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await createAnnotation(text, at);
      onSaved();
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };
  return (
    <form class="annotate-form row gap" aria-label="Add annotation" onSubmit={submit}>
      <label class="grow">
        <span class="muted small">Annotation on {bucketLabel}</span>
        <input
          type="text"
          value={text}
          maxLength={400}
          required
          placeholder="e.g. 2.9.0 released"
          onInput={(e) => setText(e.currentTarget.value)}
          ref={(el) => el?.focus()}
        />
      </label>
      <button type="submit" class="btn small primary" disabled={busy || text.trim() === ''}>
        Add annotation
      </button>
      <button type="button" class="btn small ghost" onClick={onClose}>
        Cancel
      </button>
      {error !== undefined && <ErrorNotice error={error} />}
    </form>
  );
}
