import type { GroupType } from '../api/types.ts';
import { BreakdownEditor } from './breakdown-editor.tsx';
import { FiltersEditor } from './filters-editor.tsx';
import type { InsightDraft, InsightKind } from './insight-draft.ts';
import { PathsSettings } from './paths-settings.tsx';
import { SeriesEditor } from './series-editor.tsx';

interface QueryFormProps {
  draft: InsightDraft;
  groupTypes: GroupType[];
  onChange: (patch: Partial<InsightDraft>) => void;
}

const HEADINGS: Record<InsightKind, string> = {
  trends: 'Series',
  funnels: 'Steps',
  retention: 'Events',
  lifecycle: 'Event',
  stickiness: 'Series',
  paths: 'Paths',
};

/** The left-hand form: what to count, how to filter and split it, and kind-specific settings. */
export function InsightQueryForm({ draft, groupTypes, onChange }: QueryFormProps) {
  const k = draft.kind;
  return (
    <section class="card builder-form" aria-label="Query">
      <h2>{HEADINGS[k]}</h2>
      {k === 'paths' ? (
        <PathsSettings draft={draft} onChange={onChange} />
      ) : (
        <SeriesEditor
          kind={k}
          series={draft.series}
          groupTypes={groupTypes}
          onChange={(series) => onChange({ series })}
        />
      )}
      {k === 'lifecycle' && (
        <p class="hint">
          Each interval, users who did the event are new (first time), returning (also in the interval before)
          or resurrecting (back after a gap); dormant ones did it in the interval before but not in this one.
        </p>
      )}
      {k === 'stickiness' && (
        <p class="hint">How many users did the event on exactly 1, 2, 3… intervals of the date range.</p>
      )}
      {k === 'funnels' && (
        <div class="row gap">
          <div class="field">
            <label for="funnel-window">Conversion window</label>
            <input
              id="funnel-window"
              type="number"
              min={1}
              max={1000}
              value={draft.funnelWindow}
              onInput={(e) => onChange({ funnelWindow: Math.max(1, Number(e.currentTarget.value) || 1) })}
            />
          </div>
          <div class="field">
            <label for="funnel-window-unit">Window unit</label>
            <select
              id="funnel-window-unit"
              value={draft.funnelWindowUnit}
              onChange={(e) =>
                onChange({ funnelWindowUnit: e.currentTarget.value as InsightDraft['funnelWindowUnit'] })
              }
            >
              <option value="minute">minutes</option>
              <option value="hour">hours</option>
              <option value="day">days</option>
              <option value="week">weeks</option>
            </select>
          </div>
          <div class="field">
            <label for="funnel-order">Step order</label>
            <select
              id="funnel-order"
              value={draft.funnelOrder}
              onChange={(e) =>
                onChange({ funnelOrder: e.currentTarget.value as InsightDraft['funnelOrder'] })
              }
            >
              <option value="ordered">In order (other events between)</option>
              <option value="strict">Strictly in order (nothing between)</option>
              <option value="unordered">In any order</option>
            </select>
          </div>
          <div class="field">
            <label for="funnel-aggregation">Count</label>
            <select
              id="funnel-aggregation"
              value={draft.funnelAggregation === null ? '' : String(draft.funnelAggregation)}
              onChange={(e) => {
                const v = e.currentTarget.value;
                onChange({ funnelAggregation: v === '' ? null : Number(v) });
              }}
            >
              <option value="">Persons</option>
              {groupTypes.map((g) => (
                <option key={g.group_type_index} value={String(g.group_type_index)}>
                  Groups: {g.group_type}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="funnel-viz">Show</label>
            <select
              id="funnel-viz"
              value={draft.funnelViz}
              onChange={(e) => onChange({ funnelViz: e.currentTarget.value as InsightDraft['funnelViz'] })}
            >
              <option value="steps">Conversion per step</option>
              <option value="time_to_convert">Time to convert (first to last step)</option>
            </select>
          </div>
        </div>
      )}
      {k === 'retention' && (
        <div class="row gap">
          <div class="field">
            <label for="retention-type">Cohort by</label>
            <select
              id="retention-type"
              value={draft.retentionType}
              onChange={(e) =>
                onChange({ retentionType: e.currentTarget.value as InsightDraft['retentionType'] })
              }
            >
              <option value="retention_first_time">First time they did it</option>
              <option value="retention_recurring">Each time they did it</option>
            </select>
          </div>
          <div class="field">
            <label for="retention-period">Period</label>
            <select
              id="retention-period"
              value={draft.retentionPeriod}
              onChange={(e) =>
                onChange({ retentionPeriod: e.currentTarget.value as InsightDraft['retentionPeriod'] })
              }
            >
              <option value="Day">Day</option>
              <option value="Week">Week</option>
              <option value="Month">Month</option>
            </select>
          </div>
        </div>
      )}
      <h2 class="section-title">Filters</h2>
      <FiltersEditor
        filters={draft.filters}
        groupTypes={groupTypes}
        onChange={(filters) => onChange({ filters })}
      />
      {(k === 'trends' || (k === 'funnels' && draft.funnelViz === 'steps')) && (
        <>
          <h2 class="section-title">Breakdown</h2>
          <BreakdownEditor
            breakdown={draft.breakdown}
            groupTypes={groupTypes}
            onChange={(breakdown) => onChange({ breakdown })}
          />
        </>
      )}
    </section>
  );
}
