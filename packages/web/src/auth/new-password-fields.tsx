interface NewPasswordFieldsProps {
  password: string;
  confirm: string;
  onPassword: (value: string) => void;
  onConfirm: (value: string) => void;
  /** Field label, e.g. "Password" or "New password". */
  label?: string;
  idPrefix?: string;
}

export const MIN_PASSWORD = 8;

/** A new password typed twice; a mismatch is reported by `passwordProblem`, not by the browser. */
export function NewPasswordFields(props: NewPasswordFieldsProps) {
  const id = props.idPrefix ?? 'new-password';
  const label = props.label ?? 'Password';
  return (
    <>
      <div class="field">
        <label for={id}>{label}</label>
        <input
          id={id}
          type="password"
          autoComplete="new-password"
          required
          minLength={MIN_PASSWORD}
          value={props.password}
          onInput={(e) => props.onPassword(e.currentTarget.value)}
        />
        <span class="hint">At least {MIN_PASSWORD} characters.</span>
      </div>
      <div class="field">
        <label for={`${id}-confirm`}>Repeat {label.toLowerCase()}</label>
        <input
          id={`${id}-confirm`}
          type="password"
          autoComplete="new-password"
          required
          value={props.confirm}
          onInput={(e) => props.onConfirm(e.currentTarget.value)}
        />
      </div>
    </>
  );
}

/** Why a new password cannot be sent yet, or null. */
export function passwordProblem(password: string, confirm: string): string | null {
  if (password.length < MIN_PASSWORD) return `Use at least ${MIN_PASSWORD} characters.`;
  if (password !== confirm) return 'The two passwords differ.';
  return null;
}
