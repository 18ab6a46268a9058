import { useState } from 'preact/hooks';
import { messageOf } from '../api/api-error.ts';
import { post } from '../api/http.ts';
import { Link } from '../router/link.tsx';
import { AuthCard } from './auth-card.tsx';
import { linkToken } from './link-token.ts';
import { NewPasswordFields, passwordProblem } from './new-password-fields.tsx';

/** `/reset-password#token=…`: the link an admin issued; a new password, then an ordinary sign-in. */
export function ResetPasswordPage() {
  const token = linkToken();
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    const problem = passwordProblem(password, confirm);
    if (problem) return setError(problem);
    setBusy(true);
    setError(null);
    try {
      await post('/_auth/reset_password', { token, password });
      // The spent token has no business staying in the address bar or history.
      history.replaceState(null, '', '/reset-password');
      setDone(true);
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };

  if (done)
    return (
      <AuthCard title="Password changed">
        <p class="notice success" role="status">
          Your new password is set. Sign in with it.
        </p>
        <Link href="/" class="btn primary block">
          Go to sign-in
        </Link>
      </AuthCard>
    );
  if (!token)
    return (
      <AuthCard title="Choose a new password">
        <div class="notice error" role="alert">
          This link has no reset token. Open the whole link you were sent, or ask an admin for a new one.
        </div>
      </AuthCard>
    );
  return (
    <AuthCard title="Choose a new password" onSubmit={submit}>
      <NewPasswordFields
        label="New password"
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
      <button type="submit" class="btn primary block" disabled={busy}>
        {busy ? 'Saving…' : 'Set new password'}
      </button>
    </AuthCard>
  );
}
