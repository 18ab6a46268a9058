import type { GroupType } from '../api/types.ts';
import { GroupTypeField } from './group-type-field.tsx';
import { type InsightKind, newSeries, type SeriesDraft } from './insight-draft.ts';
import { MATHS, mathNeeds } from './insight-options.ts';
import { eventNames, propertyNames } from './property-suggestions.ts';
import { SuggestInput } from './suggest-input.tsx';

interface SeriesEditorProps {
  kind: InsightKind;
  series: SeriesDraft[];
  groupTypes: GroupType[];
  onChange: (series: SeriesDraft[]) => void;
}

const LETTERS = 'ABCDEFGHIJKLMNOPQRST';

function nameOf(kind: InsightKind, i: number): string {
  if (kind === 'funnels') return `Step ${i + 1}`;
  if (kind === 'retention') return i === 0 ? 'Cohortizing' : 'Returning';
  if (kind === 'lifecycle') return 'Lifecycle';
  return `Series ${LETTERS[i] ?? i + 1}`;
}

/** Trends series (event and what to count), funnel steps, or retention's start and return events. */
export function SeriesEditor({ kind, series, groupTypes, onChange }: SeriesEditorProps) {
  const set = (i: number, patch: Partial<SeriesDraft>) =>
    onChange(series.map((s, j) => (j === i ? { ...s, ...patch } : s)));
  // Retention has exactly its two events, lifecycle exactly one.
  const fixed = kind === 'retention' || kind === 'lifecycle';
  const min = kind === 'funnels' ? 2 : 1;
  return (
    <div class="series-list">
      {series.map((s, i) => {
        const name = nameOf(kind, i);
        const needs = mathNeeds(s.math);
        return (
          <div class="series-row" key={`${kind}-${i}`} data-testid={`series-${i}`}>
            <span class="series-badge" aria-hidden="true">
              {kind === 'funnels' ? i + 1 : kind === 'retention' ? (i === 0 ? '↦' : '↺') : LETTERS[i]}
            </span>
            <SuggestInput
              id={`series-${i}-event`}
              label={`${name} event`}
              placeholder="Any event"
              value={s.event}
              load={eventNames}
              onChange={(event) => set(i, { event })}
            />
            {kind === 'trends' && (
              <div class="field">
                <label for={`series-${i}-math`}>{`${name} counts`}</label>
                <select
                  id={`series-${i}-math`}
                  value={s.math}
                  onChange={(e) => set(i, { math: e.currentTarget.value })}
                >
                  {MATHS.map((m) => (
                    <option key={m.id} value={m.id} disabled={m.needs === 'group' && groupTypes.length === 0}>
                      {m.label}
                    </option>
                  ))}
                </select>
              </div>
            )}
            {kind === 'trends' && needs === 'property' && (
              <SuggestInput
                id={`series-${i}-property`}
                label={`${name} property`}
                placeholder="Numeric property"
                value={s.mathProperty}
                load={() => propertyNames('event')}
                onChange={(mathProperty) => set(i, { mathProperty })}
              />
            )}
            {kind === 'trends' && needs === 'group' && (
              <GroupTypeField
                id={`series-${i}-group`}
                label={`${name} group type`}
                groupTypes={groupTypes}
                value={s.mathGroupTypeIndex}
                onChange={(mathGroupTypeIndex) => set(i, { mathGroupTypeIndex })}
              />
            )}
            {!fixed && series.length > min && (
              <button
                type="button"
                class="btn small ghost"
                aria-label={`Remove ${name}`}
                onClick={() => onChange(series.filter((_, j) => j !== i))}
              >
                ✕
              </button>
            )}
          </div>
        );
      })}
      {!fixed && series.length < 20 && (
        <button type="button" class="btn small" onClick={() => onChange([...series, newSeries()])}>
          {kind === 'funnels' ? '+ Add step' : '+ Add series'}
        </button>
      )}
    </div>
  );
}
