import type { Cohort } from '../api/types.ts';
import { FilterRow } from './filter-row.tsx';
import { type ConditionDraft, emptyFilter } from './flag-draft.ts';

interface ConditionEditorProps {
  index: number;
  condition: ConditionDraft;
  cohorts: Cohort[];
  subject: string;
  problems: Record<string, string>;
  canRemove: boolean;
  onChange: (condition: ConditionDraft) => void;
  onRemove: () => void;
}

/** One release condition set: filters that must all match, then a rollout percentage of those who do. */
export function ConditionEditor(props: ConditionEditorProps) {
  const { index, condition, onChange } = props;
  const id = `condition-${index}`;
  const setFilters = (filters: ConditionDraft['filters']) => onChange({ ...condition, filters });
  return (
    <fieldset class="card condition" data-testid={id}>
      <legend>
        <span class="badge">Set {index + 1}</span>
      </legend>
      {condition.filters.length === 0 && <p class="muted">Matches every {props.subject.toLowerCase()}.</p>}
      {condition.filters.map((f, fi) => (
        <FilterRow
          key={fi}
          id={`${id}-filter-${fi}`}
          filter={f}
          cohorts={props.cohorts}
          subject={props.subject}
          problem={props.problems[`${id}-filter-${fi}`]}
          onChange={(next) => setFilters(condition.filters.map((x, i) => (i === fi ? next : x)))}
          onRemove={() => setFilters(condition.filters.filter((_, i) => i !== fi))}
        />
      ))}
      <div class="row gap">
        <button
          type="button"
          class="btn small"
          onClick={() => setFilters([...condition.filters, emptyFilter()])}
        >
          + Property filter
        </button>
        {props.subject === 'Person' && (
          <button
            type="button"
            class="btn small"
            onClick={() => setFilters([...condition.filters, emptyFilter('cohort')])}
          >
            + Cohort
          </button>
        )}
      </div>
      <div class="rollout">
        <label for={`${id}-rollout`}>Roll out to</label>
        <input
          id={`${id}-rollout`}
          type="range"
          min={0}
          max={100}
          step={1}
          value={condition.rollout}
          onInput={(e) => onChange({ ...condition, rollout: Number(e.currentTarget.value) })}
        />
        <input
          type="number"
          class="pct"
          aria-label={`Rollout percentage of set ${index + 1}`}
          min={0}
          max={100}
          value={condition.rollout}
          onInput={(e) => {
            const n = Number(e.currentTarget.value);
            if (Number.isFinite(n)) onChange({ ...condition, rollout: Math.min(100, Math.max(0, n)) });
          }}
        />
        <span class="muted">% of matching {props.subject.toLowerCase()}s</span>
      </div>
      {props.canRemove && (
        <button type="button" class="btn small ghost danger-text" onClick={props.onRemove}>
          Remove condition set
        </button>
      )}
    </fieldset>
  );
}
