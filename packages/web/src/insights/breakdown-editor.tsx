import type { GroupType } from '../api/types.ts';
import { GroupTypeField } from './group-type-field.tsx';
import type { BreakdownDraft } from './insight-draft.ts';
import { propertyNames } from './property-suggestions.ts';
import { SuggestInput } from './suggest-input.tsx';

interface BreakdownEditorProps {
  breakdown: BreakdownDraft | null;
  groupTypes: GroupType[];
  onChange: (breakdown: BreakdownDraft | null) => void;
}

const NONE = 'none';

/** Split every series by a property's values (or by event name). */
export function BreakdownEditor({ breakdown, groupTypes, onChange }: BreakdownEditorProps) {
  const type = breakdown?.type ?? NONE;
  return (
    <div class="row gap wrap">
      <div class="field">
        <label for="breakdown-type">Breakdown by</label>
        <select
          id="breakdown-type"
          value={type}
          onChange={(e) => {
            const v = e.currentTarget.value;
            if (v === NONE) onChange(null);
            else if (v === 'event_metadata')
              onChange({ key: 'event', type: 'event_metadata', groupTypeIndex: 0 });
            else
              onChange({
                key: '',
                type: v as BreakdownDraft['type'],
                groupTypeIndex: breakdown?.groupTypeIndex ?? 0,
              });
          }}
        >
          <option value={NONE}>Nothing</option>
          <option value="event">Event property</option>
          <option value="person">Person property</option>
          {groupTypes.length > 0 && <option value="group">Group property</option>}
          <option value="event_metadata">Event name</option>
        </select>
      </div>
      {breakdown?.type === 'group' && (
        <GroupTypeField
          id="breakdown-group"
          label="Breakdown group type"
          groupTypes={groupTypes}
          value={breakdown.groupTypeIndex}
          onChange={(groupTypeIndex) => onChange({ ...breakdown, groupTypeIndex })}
        />
      )}
      {breakdown && breakdown.type !== 'event_metadata' && (
        <SuggestInput
          key={`${breakdown.type}:${breakdown.groupTypeIndex}`}
          id="breakdown-key"
          label="Breakdown property"
          placeholder="Property name"
          value={breakdown.key}
          load={() => propertyNames(breakdown.type, breakdown.groupTypeIndex)}
          onChange={(key) => onChange({ ...breakdown, key })}
        />
      )}
    </div>
  );
}
