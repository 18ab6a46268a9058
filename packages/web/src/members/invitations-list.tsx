import { isRole, ROLE_LABELS } from '../auth/permissions.ts';
import { fullTime, timeAgo } from '../ui/format.ts';
import type { Invitation } from './members-api.ts';

interface InvitationsListProps {
  invitations: Invitation[];
  manage: boolean;
  onRevoke: (invitation: Invitation) => void;
}

/** Links handed out and not yet used; revoking one makes its link refuse. */
export function InvitationsList({ invitations, manage, onRevoke }: InvitationsListProps) {
  if (invitations.length === 0) return <p class="muted">No pending invitations.</p>;
  return (
    <ul class="plain row-list">
      {invitations.map((i) => (
        <li key={i.id} class="row-item" aria-label={`Invitation for ${i.target_email}`}>
          <div class="row-main">
            <div class="strong">{i.target_email}</div>
            <div class="muted small">
              Invited by {i.created_by} {timeAgo(i.created_at)}; expires{' '}
              <span title={fullTime(i.expires_at)}>{timeAgo(i.expires_at)}</span>
            </div>
          </div>
          <div class="row-meta">
            <span class="badge">{isRole(i.role) ? ROLE_LABELS[i.role] : i.role}</span>
          </div>
          {manage && (
            <div class="row-actions">
              <button type="button" class="btn small danger-text" onClick={() => onRevoke(i)}>
                Revoke
              </button>
            </div>
          )}
        </li>
      ))}
    </ul>
  );
}
