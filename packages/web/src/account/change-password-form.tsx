import { useState } from 'preact/hooks';
import { messageOf } from '../api/api-error.ts';
import { post } from '../api/http.ts';
import { NewPasswordFields, passwordProblem } from '../auth/new-password-fields.tsx';
import { useSession } from '../auth/session-context.ts';

/** The signed-in member's own password; this session stays signed in. */
export function ChangePasswordForm() {
  const { email } = useSession();
  const [current, setCurrent] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    setSaved(false);
    const problem = passwordProblem(password, confirm);
    if (problem) return setError(problem);
    setBusy(true);
    setError(null);
    try {
      await post('/_auth/change_password', { current_password: current, new_password: password });
      setCurrent('');
      setPassword('');
      setConfirm('');
      setSaved(true);
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="card narrow-form" aria-label="Change password" onSubmit={submit}>
      <h2>Change password</h2>
      {/* Lets a password manager file the new password under the right account. */}
      <input type="text" autoComplete="username" hidden readOnly value={email} />
      <div class="field">
        <label for="current-password">Current password</label>
        <input
          id="current-password"
          type="password"
          autoComplete="current-password"
          required
          value={current}
          onInput={(e) => setCurrent(e.currentTarget.value)}
        />
      </div>
      <NewPasswordFields
        label="New password"
        idPrefix="changed-password"
        password={password}
        confirm={confirm}
        onPassword={setPassword}
        onConfirm={setConfirm}
      />
      {error && (
        <div class="notice error" role="alert">
          {error}
        </div>
      )}
      {saved && (
        <div class="notice success" role="status">
          Password changed.
        </div>
      )}
      <button type="submit" class="btn primary" disabled={busy}>
        {busy ? 'Saving…' : 'Change password'}
      </button>
    </form>
  );
}
