interface ToggleProps {
  checked: boolean;
  label: string;
  disabled?: boolean;
  onChange: (checked: boolean) => void;
}

/** A switch: a button with role="switch", so Space and Enter flip it and screen readers announce the state. */
export function Toggle({ checked, label, disabled, onChange }: ToggleProps) {
  return (
    <button
      type="button"
      role="switch"
      aria-checked={checked}
      aria-label={label}
      disabled={disabled}
      class={checked ? 'switch on' : 'switch'}
      onClick={() => onChange(!checked)}
    >
      <span class="knob" />
    </button>
  );
}
