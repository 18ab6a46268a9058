import type { GroupType } from '../api/types.ts';

interface GroupTypeFieldProps {
  id: string;
  label: string;
  groupTypes: GroupType[];
  value: number;
  onChange: (groupTypeIndex: number) => void;
}

/** Picks which group type a series, filter or breakdown is about. */
export function GroupTypeField({ id, label, groupTypes, value, onChange }: GroupTypeFieldProps) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <select id={id} value={String(value)} onChange={(e) => onChange(Number(e.currentTarget.value))}>
        {groupTypes.map((g) => (
          <option key={g.group_type_index} value={String(g.group_type_index)}>
            {g.group_type}
          </option>
        ))}
      </select>
    </div>
  );
}
