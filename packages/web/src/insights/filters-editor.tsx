import type { PropertyFilterType } from '../api/query-types.ts';
import type { GroupType } from '../api/types.ts';
import { GroupTypeField } from './group-type-field.tsx';
import { type FilterDraft, newFilter } from './insight-draft.ts';
import { FILTER_OPERATORS, operatorTakesValue } from './insight-options.ts';
import { propertyNames, propertyValues } from './property-suggestions.ts';
import { SuggestInput } from './suggest-input.tsx';

interface FiltersEditorProps {
  filters: FilterDraft[];
  groupTypes: GroupType[];
  onChange: (filters: FilterDraft[]) => void;
}

export const SOURCES: { id: PropertyFilterType; label: string }[] = [
  { id: 'event', label: 'Event property' },
  { id: 'person', label: 'Person property' },
  { id: 'group', label: 'Group property' },
];

/** Property filters that all must match (AND), with names and values suggested from the data. */
export function FiltersEditor({ filters, groupTypes, onChange }: FiltersEditorProps) {
  const set = (i: number, patch: Partial<FilterDraft>) =>
    onChange(filters.map((f, j) => (j === i ? { ...f, ...patch } : f)));
  return (
    <div class="filters-list">
      {filters.map((f, i) => {
        const id = `filter-${i}`;
        return (
          <div class="filter-row" key={id} data-testid={id}>
            <div class="field">
              <label for={`${id}-type`}>Filter {i + 1} source</label>
              <select
                id={`${id}-type`}
                value={f.type}
                onChange={(e) =>
                  set(i, { type: e.currentTarget.value as PropertyFilterType, key: '', value: '' })
                }
              >
                {SOURCES.filter((s) => s.id !== 'group' || groupTypes.length > 0).map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.label}
                  </option>
                ))}
                {f.type === 'event_metadata' && <option value="event_metadata">Event field</option>}
              </select>
            </div>
            {f.type === 'group' && (
              <GroupTypeField
                id={`${id}-group`}
                label={`Filter ${i + 1} group type`}
                groupTypes={groupTypes}
                value={f.groupTypeIndex}
                onChange={(groupTypeIndex) => set(i, { groupTypeIndex })}
              />
            )}
            <SuggestInput
              id={`${id}-key`}
              label={`Filter ${i + 1} property`}
              placeholder="Property name"
              value={f.key}
              load={() => propertyNames(f.type, f.groupTypeIndex)}
              onChange={(key) => set(i, { key })}
            />
            <div class="field">
              <label for={`${id}-operator`}>Filter {i + 1} operator</label>
              <select
                id={`${id}-operator`}
                value={f.operator}
                onChange={(e) => set(i, { operator: e.currentTarget.value })}
              >
                {FILTER_OPERATORS.map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.label}
                  </option>
                ))}
                {!FILTER_OPERATORS.some((o) => o.id === f.operator) && (
                  <option value={f.operator}>{f.operator}</option>
                )}
              </select>
            </div>
            {operatorTakesValue(f.operator) && (
              <SuggestInput
                // Keyed by property so the value list is fetched again for a new property.
                key={`${f.type}:${f.key}`}
                id={`${id}-value`}
                label={`Filter ${i + 1} value`}
                placeholder="Value"
                value={f.value}
                load={() => propertyValues(f.type, f.key.trim(), f.groupTypeIndex)}
                onChange={(value) => set(i, { value })}
              />
            )}
            <button
              type="button"
              class="btn small ghost"
              aria-label={`Remove filter ${i + 1}`}
              onClick={() => onChange(filters.filter((_, j) => j !== i))}
            >
              ✕
            </button>
          </div>
        );
      })}
      <button type="button" class="btn small" onClick={() => onChange([...filters, newFilter()])}>
        + Add filter
      </button>
    </div>
  );
}
