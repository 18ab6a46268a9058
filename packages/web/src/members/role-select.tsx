import { ROLE_HINTS, ROLE_LABELS, ROLES } from '../auth/permissions.ts';

interface RoleSelectProps {
  id: string;
  value: string;
  label: string;
  disabled?: boolean;
  /** Shows the label to screen readers only (inside a table row, the column says what it is). */
  hideLabel?: boolean;
  onChange: (role: string) => void;
}

/** The four built-in roles, each with what it adds, as a native select. */
export function RoleSelect(props: RoleSelectProps) {
  return (
    <>
      <label for={props.id} class={props.hideLabel ? 'sr-only' : undefined}>
        {props.label}
      </label>
      <select
        id={props.id}
        value={props.value}
        disabled={props.disabled}
        onChange={(e) => {
          // Stay on the current role until the server agrees: a refused change (the last admin) must not
          // leave the select showing a role the member does not have.
          const next = e.currentTarget.value;
          e.currentTarget.value = props.value;
          props.onChange(next);
        }}
      >
        {ROLES.map((r) => (
          <option key={r} value={r} title={ROLE_HINTS[r]}>
            {ROLE_LABELS[r]}
          </option>
        ))}
      </select>
    </>
  );
}
