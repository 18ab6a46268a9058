import type { Cohort } from '../api/types.ts';
import type { FilterDraft } from './flag-draft.ts';
import { OPERATORS, takesValue, VALUE_TYPES, type ValueType } from './operators.ts';

interface FilterRowProps {
  id: string;
  filter: FilterDraft;
  cohorts: Cohort[];
  /** "person" or the group type's name, for the labels. */
  subject: string;
  problem: string | undefined;
  onChange: (filter: FilterDraft) => void;
  onRemove: () => void;
}

/** Flags read a behavioural cohort from a membership the server recomputes: say how fresh it is. */
function BehavioralNote({ cohort }: { cohort: Cohort }) {
  const every = cohort.recompute_interval_minutes;
  const last = cohort.last_calculation ? new Date(cohort.last_calculation).toLocaleString() : 'not yet';
  return (
    <p class="hint" data-testid="behavioral-cohort-note">
      Behavioural cohort, evaluated by the server: membership recomputed{' '}
      {every ? `every ${every} minute${every === 1 ? '' : 's'}` : 'when the cohort is saved'}, last at {last}.
      SDKs evaluating locally ask the server for this flag.
    </p>
  );
}

/** One property filter: property name, kind of value, operator, value; or a cohort. */
export function FilterRow({ id, filter, cohorts, subject, problem, onChange, onRemove }: FilterRowProps) {
  const set = (patch: Partial<FilterDraft>) => onChange({ ...filter, ...patch });
  const remove = (
    <button type="button" class="btn small ghost" aria-label="Remove filter" onClick={onRemove}>
      ✕
    </button>
  );
  if (filter.type === 'cohort') {
    const picked = cohorts.find((c) => String(c.id) === filter.value);
    return (
      <div class="filter-row" data-testid={id}>
        <div class="field">
          <label for={`${id}-cohort`}>Cohort</label>
          <select
            id={`${id}-cohort`}
            value={filter.value}
            onChange={(e) => set({ value: e.currentTarget.value })}
          >
            <option value="">Choose a cohort…</option>
            {cohorts.map((c) => (
              <option key={c.id} value={String(c.id)}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
        {remove}
        {picked?.is_behavioral && <BehavioralNote cohort={picked} />}
        {problem && (
          <span class="error-text" role="alert">
            {problem}
          </span>
        )}
      </div>
    );
  }
  const operators = OPERATORS[filter.valueType];
  return (
    <div class="filter-row" data-testid={id}>
      <div class="field">
        <label for={`${id}-key`}>{subject} property</label>
        <input
          id={`${id}-key`}
          list="property-names"
          placeholder="e.g. is_admin"
          value={filter.key}
          onInput={(e) => set({ key: e.currentTarget.value })}
        />
      </div>
      <div class="field">
        <label for={`${id}-type`}>Value type</label>
        <select
          id={`${id}-type`}
          value={filter.valueType}
          onChange={(e) => {
            const valueType = e.currentTarget.value as ValueType;
            const keep = OPERATORS[valueType].some((o) => o.id === filter.operator);
            set({ valueType, operator: keep ? filter.operator : (OPERATORS[valueType][0]?.id ?? 'exact') });
          }}
        >
          {VALUE_TYPES.map((t) => (
            <option key={t.id} value={t.id}>
              {t.label}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for={`${id}-operator`}>Operator</label>
        <select
          id={`${id}-operator`}
          value={filter.operator}
          onChange={(e) => set({ operator: e.currentTarget.value })}
        >
          {operators.map((o) => (
            <option key={o.id} value={o.id}>
              {o.label}
            </option>
          ))}
        </select>
      </div>
      {takesValue(filter.operator) && (
        <div class="field grow">
          <label for={`${id}-value`}>Value</label>
          {filter.valueType === 'boolean' ? (
            <select
              id={`${id}-value`}
              value={filter.value}
              onChange={(e) => set({ value: e.currentTarget.value })}
            >
              <option value="">Choose…</option>
              <option value="true">true</option>
              <option value="false">false</option>
            </select>
          ) : (
            <input
              id={`${id}-value`}
              type={filter.valueType === 'date' ? 'date' : 'text'}
              placeholder={
                filter.operator === 'exact' || filter.operator === 'is_not'
                  ? 'one, or several, comma-separated'
                  : ''
              }
              value={filter.value}
              onInput={(e) => set({ value: e.currentTarget.value })}
            />
          )}
        </div>
      )}
      {remove}
      {problem && (
        <span class="error-text" role="alert">
          {problem}
        </span>
      )}
    </div>
  );
}
