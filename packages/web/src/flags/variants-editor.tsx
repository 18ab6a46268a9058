import type { FlagDraft, VariantDraft } from './flag-draft.ts';
import { variantTotal } from './flag-draft.ts';

interface VariantsEditorProps {
  draft: FlagDraft;
  problems: Record<string, string>;
  onChange: (variants: VariantDraft[]) => void;
}

/** Variant keys, their split (which must add to 100) and each variant's JSON payload. */
export function VariantsEditor({ draft, problems, onChange }: VariantsEditorProps) {
  const set = (i: number, patch: Partial<VariantDraft>) =>
    onChange(draft.variants.map((v, j) => (j === i ? { ...v, ...patch } : v)));
  const total = variantTotal(draft);
  return (
    <section class="card" aria-labelledby="variants-title">
      <h2 id="variants-title">Variants</h2>
      <table class="table compact variants">
        <thead>
          <tr>
            <th>Key</th>
            <th>Rollout %</th>
            <th>Payload (JSON)</th>
            <th>
              <span class="sr-only">Remove</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {draft.variants.map((v, i) => (
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
                  aria-label={`Variant ${i + 1} rollout percentage`}
                  type="number"
                  min={0}
                  max={100}
                  class="pct"
                  value={v.rollout}
                  onInput={(e) => set(i, { rollout: Number(e.currentTarget.value) })}
                />
              </td>
              <td>
                <input
                  aria-label={`Variant ${i + 1} payload`}
                  class="mono"
                  placeholder='e.g. {"color": "blue"}'
                  aria-invalid={Boolean(problems[`variant-${i}-payload`])}
                  value={v.payload}
                  onInput={(e) => set(i, { payload: e.currentTarget.value })}
                />
                {problems[`variant-${i}-payload`] && (
                  <div class="error-text">{problems[`variant-${i}-payload`]}</div>
                )}
              </td>
              <td>
                <button
                  type="button"
                  class="btn small ghost"
                  aria-label={`Remove variant ${i + 1}`}
                  disabled={draft.variants.length <= 1}
                  onClick={() => onChange(draft.variants.filter((_, j) => j !== i))}
                >
                  ✕
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div class="row gap">
        <button
          type="button"
          class="btn small"
          onClick={() =>
            onChange([
              ...draft.variants,
              { key: `variant-${draft.variants.length + 1}`, name: '', rollout: 0, payload: '' },
            ])
          }
        >
          + Variant
        </button>
        <button
          type="button"
          class="btn small ghost"
          onClick={() => {
            const n = draft.variants.length;
            const base = Math.floor(100 / n);
            onChange(draft.variants.map((v, i) => ({ ...v, rollout: base + (i < 100 - base * n ? 1 : 0) })));
          }}
        >
          Split evenly
        </button>
        <span class={total === 100 ? 'muted' : 'error-text'} role="status">
          Total {total}%
        </span>
      </div>
      {problems.variants && (
        <div class="notice error" role="alert">
          {problems.variants}
        </div>
      )}
    </section>
  );
}
