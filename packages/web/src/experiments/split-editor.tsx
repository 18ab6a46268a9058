import { evenSplit, splitTotal, type VariantSplit } from './experiment-draft.ts';

interface SplitEditorProps {
  variants: VariantSplit[];
  error: string | undefined;
  onChange: (variants: VariantSplit[]) => void;
}

/** Variant keys and their split, which must add to 100; one variant is the control. */
export function SplitEditor({ variants, error, onChange }: SplitEditorProps) {
  const set = (i: number, patch: Partial<VariantSplit>) =>
    onChange(variants.map((v, j) => (j === i ? { ...v, ...patch } : v)));
  const total = splitTotal(variants);
  return (
    <div class="split-editor">
      <table class="table compact variants">
        <thead>
          <tr>
            <th>Variant key</th>
            <th>Split %</th>
            <th>
              <span class="sr-only">Remove</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {variants.map((v, i) => (
            <tr key={i}>
              <td>
                <input
                  aria-label={`Variant ${i + 1} key`}
                  value={v.key}
                  onInput={(e) => set(i, { key: e.currentTarget.value })}
                />
              </td>
              <td>
                <input
                  aria-label={`Variant ${i + 1} split`}
                  type="number"
                  min={0}
                  max={100}
                  class="pct"
                  value={v.rollout}
                  onInput={(e) => set(i, { rollout: Number(e.currentTarget.value) })}
                />
              </td>
              <td>
                {variants.length > 2 && v.key !== 'control' && (
                  <button
                    type="button"
                    class="btn small ghost"
                    aria-label={`Remove variant ${i + 1}`}
                    onClick={() => onChange(variants.filter((_, j) => j !== i))}
                  >
                    ✕
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div class="row gap">
        <button
          type="button"
          class="btn small"
          onClick={() => onChange(evenSplit([...variants.map((v) => v.key), `test-${variants.length}`]))}
        >
          + Add variant
        </button>
        <button
          type="button"
          class="btn small"
          onClick={() => onChange(evenSplit(variants.map((v) => v.key)))}
        >
          Split evenly
        </button>
        <span class={total === 100 ? 'muted small' : 'danger-text small'} aria-live="polite">
          Total {total}%
        </span>
      </div>
      {error && <div class="error-text">{error}</div>}
    </div>
  );
}
