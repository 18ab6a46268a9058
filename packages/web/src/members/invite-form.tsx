import { useState } from 'preact/hooks';
import { messageOf } from '../api/api-error.ts';
import { isRole, ROLE_HINTS, ROLE_LABELS } from '../auth/permissions.ts';
import { type Invitation, type IssuedLink, invite } from './members-api.ts';
import { RoleSelect } from './role-select.tsx';

/** Email + role; the answer carries the single-use link for the admin to send. */
export function InviteForm({ onInvited }: { onInvited: (invitation: Invitation & IssuedLink) => void }) {
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<string>('viewer');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onInvited(await invite(email, role));
      setEmail('');
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="card" aria-label="Invite a member" onSubmit={submit}>
      <h2>Invite a member</h2>
      <div class="inline-form wrap">
        <div class="field grow">
          <label for="invite-email">Email</label>
          <input
            id="invite-email"
            type="email"
            required
            placeholder="ada@example.com"
            value={email}
            onInput={(e) => setEmail(e.currentTarget.value)}
          />
        </div>
        <div class="field">
          <RoleSelect id="invite-role" label="Role" value={role} onChange={setRole} />
        </div>
        <button type="submit" class="btn primary" disabled={busy}>
          {busy ? 'Inviting…' : 'Create invitation link'}
        </button>
      </div>
      <p class="hint">
        {isRole(role) && `${ROLE_LABELS[role]}: ${ROLE_HINTS[role]}. `}The link works once, for a week.
      </p>
      {error && (
        <div class="notice error" role="alert">
          {error}
        </div>
      )}
    </form>
  );
}
