import { useState } from 'preact/hooks';
import { messageOf } from '../api/api-error.ts';
import { post } from '../api/http.ts';
import type { SessionInfo } from '../api/types.ts';
import { takeSsoError } from './sso-error-message.ts';

interface SignInPageProps {
  /** First run: no admin exists yet, so this screen creates one. */
  setup: boolean;
  /** Offer the single sign-on button. */
  sso: boolean;
  /** Show the password form; when false it stays behind the operator's break-glass link. */
  passwords: boolean;
  onSignedIn: (session: SessionInfo) => void;
}

export function SignInPage({ setup, sso, passwords, onSignedIn }: SignInPageProps) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [personalApiKey, setPersonalApiKey] = useState('');
  const [error, setError] = useState<string | null>(takeSsoError);
  const [breakGlass, setBreakGlass] = useState(false);
  const showPasswordForm = passwords || breakGlass;
  const [busy, setBusy] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onSignedIn(
        await post<SessionInfo>(
          setup ? '/_auth/setup' : '/_auth/login',
          setup ? { email, password, personal_api_key: personalApiKey } : { email, password },
        ),
      );
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
        {sso && (
          <a class="btn primary block" href="/_auth/oidc/login">
            Sign in with SSO
          </a>
        )}
        {sso && showPasswordForm && <p class="muted auth-or">or with a password</p>}
        {!showPasswordForm && error && (
          <div class="notice error" role="alert">
            {error}
          </div>
        )}
        {!showPasswordForm && (
          <p class="muted auth-or">
            <button type="button" class="link" onClick={() => setBreakGlass(true)}>
              Operator sign-in with a password
            </button>
          </p>
        )}
        {showPasswordForm && setup && (
          <p class="muted">
            This Signpost has no users yet. The account you create now administers it. (To skip this step,
            start the server with SIGNPOST_ADMIN_EMAIL and SIGNPOST_ADMIN_PASSWORD.)
          </p>
        )}
        {showPasswordForm && (
          <>
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
            {setup && (
              <div class="field">
                <label for="personal-api-key">Personal API key</label>
                <input
                  id="personal-api-key"
                  type="password"
                  autoComplete="off"
                  required
                  placeholder="phx_…"
                  value={personalApiKey}
                  onInput={(e) => setPersonalApiKey(e.currentTarget.value)}
                />
                <span class="hint">
                  Printed in the server's output when Signpost first started (or SIGNPOST_PERSONAL_API_KEY).
                  It proves you run this server.
                </span>
              </div>
            )}
            {error && (
              <div class="notice error" role="alert">
                {error}
              </div>
            )}
            <button type="submit" class={`btn block ${sso ? '' : 'primary'}`} disabled={busy}>
              {busy ? 'Signing in…' : setup ? 'Create account and sign in' : 'Sign in'}
            </button>
          </>
        )}
      </form>
    </main>
  );
}
