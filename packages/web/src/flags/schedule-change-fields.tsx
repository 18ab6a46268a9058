import type { FlagFilters } from '../api/types.ts';
import type { ChangeDraft, ChangeKind } from './schedule-payload.ts';

interface Props {
  kind: ChangeKind;
  draft: ChangeDraft;
  filters: FlagFilters;
  onDraft: (next: Partial<ChangeDraft>) => void;
}

/** The fields of the chosen kind of scheduled change (rollout, variant split, payload or a new condition). */
export function ScheduleChangeFields({ kind, draft, filters, onDraft }: Props) {
  const variants = filters.multivariate?.variants ?? [];
  switch (kind) {
    case 'rollout':
      return (
        <div class="field">
          <label for="schedule-rollout">Rollout %</label>
          <input
            id="schedule-rollout"
            type="number"
            value={draft.rollout}
            onInput={(e) => onDraft({ rollout: Number(e.currentTarget.value) })}
          />
        </div>
      );
    case 'variants':
      return (
        <>
          {variants.map((v) => (
            <div class="field" key={v.key}>
              <label for={`schedule-split-${v.key}`}>{v.key} %</label>
              <input
                id={`schedule-split-${v.key}`}
                type="number"
                value={draft.split[v.key] ?? 0}
                onInput={(e) =>
                  onDraft({ split: { ...draft.split, [v.key]: Number(e.currentTarget.value) } })
                }
              />
            </div>
          ))}
        </>
      );
    case 'payload':
      return (
        <>
          {variants.length > 0 && (
            <div class="field">
              <label for="schedule-payload-key">Payload of</label>
              <select
                id="schedule-payload-key"
                value={draft.payloadKey}
                onChange={(e) => onDraft({ payloadKey: e.currentTarget.value })}
              >
                {variants.map((v) => (
                  <option key={v.key} value={v.key}>
                    {v.key}
                  </option>
                ))}
              </select>
            </div>
          )}
          <div class="field">
            <label for="schedule-payload">Payload (JSON)</label>
            <input
              id="schedule-payload"
              class="mono"
              placeholder='{"color": "blue"}'
              value={draft.payloadText}
              onInput={(e) => onDraft({ payloadText: e.currentTarget.value })}
            />
          </div>
        </>
      );
    case 'condition':
      return (
        <>
          <div class="field">
            <label for="schedule-condition-key">Person property</label>
            <input
              id="schedule-condition-key"
              placeholder="plan"
              value={draft.conditionProperty}
              onInput={(e) => onDraft({ conditionProperty: e.currentTarget.value })}
            />
          </div>
          <div class="field">
            <label for="schedule-condition-value">equals</label>
            <input
              id="schedule-condition-value"
              placeholder="pro"
              value={draft.conditionValue}
              onInput={(e) => onDraft({ conditionValue: e.currentTarget.value })}
            />
          </div>
          <div class="field">
            <label for="schedule-condition-rollout">Condition rollout %</label>
            <input
              id="schedule-condition-rollout"
              type="number"
              value={draft.conditionRollout}
              onInput={(e) => onDraft({ conditionRollout: Number(e.currentTarget.value) })}
            />
          </div>
        </>
      );
    default:
      return null;
  }
}
