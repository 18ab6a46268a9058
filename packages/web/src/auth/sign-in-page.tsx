import { useState } from 'preact/hooks';
import { messageOf } from '../api/api-error.ts';
import { post } from '../api/http.ts';
import type { SessionInfo } from '../api/types.ts';

interface SignInPageProps {
  /** First run: no admin exists yet, so this screen creates one. */
  setup: boolean;
  onSignedIn: (session: SessionInfo) => void;
}

export function SignInPage({ setup, onSignedIn }: SignInPageProps) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onSignedIn(await post<SessionInfo>(setup ? '/_auth/setup' : '/_auth/login', { email, password }));
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main class="auth-page">
      <form class="auth-card" onSubmit={submit} aria-labelledby="auth-title">
        <div class="brand large">
          <img src="/favicon.svg" alt="" width={28} height={28} /> Signpost
        </div>
        <h1 id="auth-title">{setup ? 'Create the admin account' : 'Sign in'}</h1>
        {setup && (
          <p class="muted">
            This Signpost has no users yet. The account you create now administers it. (To skip this step,
            start the server with SIGNPOST_ADMIN_EMAIL and SIGNPOST_ADMIN_PASSWORD.)
          </p>
        )}
        <div class="field">
          <label for="email">Email</label>
          <input
            id="email"
            type="email"
            autoComplete="username"
            required
            value={email}
            onInput={(e) => setEmail(e.currentTarget.value)}
          />
        </div>
        <div class="field">
          <label for="password">Password</label>
          <input
            id="password"
            type="password"
            autoComplete={setup ? 'new-password' : 'current-password'}
            required
            minLength={setup ? 8 : 1}
            value={password}
            onInput={(e) => setPassword(e.currentTarget.value)}
          />
          {setup && <span class="hint">At least 8 characters.</span>}
        </div>
        {error && (
          <div class="notice error" role="alert">
            {error}
          </div>
        )}
        <button type="submit" class="btn primary block" disabled={busy}>
          {busy ? 'Signing in…' : setup ? 'Create account and sign in' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
