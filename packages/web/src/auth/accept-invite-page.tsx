import { useState } from 'preact/hooks';
import { messageOf } from '../api/api-error.ts';
import { get, post, query } from '../api/http.ts';
import { navigate } from '../router/router.ts';
import { ErrorNotice, Loading } from '../ui/status.tsx';
import { useResource } from '../ui/use-resource.ts';
import { AuthCard } from './auth-card.tsx';
import { linkToken } from './link-token.ts';
import { NewPasswordFields, passwordProblem } from './new-password-fields.tsx';
import { isRole, ROLE_HINTS, ROLE_LABELS } from './permissions.ts';

interface InvitationInfo {
  email: string;
  role: string;
  project_name: string | null;
}

/** `/accept-invite#token=…`: who is invited, to what, as which role; a name and password make them a member. */
export function AcceptInvitePage({ onAccepted }: { onAccepted: () => Promise<void> }) {
  const token = linkToken();
  const invitation = useResource(() => get<InvitationInfo>(`/_auth/invite${query({ token })}`), [token]);
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    const problem = passwordProblem(password, confirm);
    if (problem) return setError(problem);
    setBusy(true);
    setError(null);
    try {
      await post('/_auth/accept_invite', { token, name, password });
      await onAccepted();
      // Replacing drops the token from the address bar and history once it is spent.
      navigate('/', { replace: true });
    } catch (err) {
      setError(messageOf(err));
      setBusy(false);
    }
  };

  if (!token)
    return (
      <AuthCard title="Join a project">
        <div class="notice error" role="alert">
          This link has no invitation token. Open the whole link you were sent, or ask for a new one.
        </div>
      </AuthCard>
    );
  if (invitation.error)
    return (
      <AuthCard title="Join a project">
        <ErrorNotice error={invitation.error} />
      </AuthCard>
    );
  const info = invitation.data;
  if (!info) return <Loading />;
  const role = isRole(info.role) ? info.role : null;
  return (
    <AuthCard title={`Join ${info.project_name ?? 'Signpost'}`} onSubmit={submit}>
      <p class="muted" data-testid="invite-summary">
        You are invited as <strong>{role ? ROLE_LABELS[role] : info.role}</strong>
        {role ? ` (${ROLE_HINTS[role]})` : ''}.
      </p>
      <div class="field">
        <label for="invite-email">Email</label>
        <input id="invite-email" type="email" autoComplete="username" readOnly value={info.email} />
      </div>
      <div class="field">
        <label for="invite-name">Your name</label>
        <input
          id="invite-name"
          autoComplete="name"
          maxLength={200}
          value={name}
          onInput={(e) => setName(e.currentTarget.value)}
        />
      </div>
      <NewPasswordFields
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
        {busy ? 'Joining…' : 'Join and sign in'}
      </button>
    </AuthCard>
  );
}
