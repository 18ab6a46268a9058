import { isRole, ROLE_LABELS } from '../auth/permissions.ts';
import { fullTime, timeAgo } from '../ui/format.ts';
import type { Member } from './members-api.ts';
import { RoleSelect } from './role-select.tsx';

export type MemberAction =
  | { kind: 'role'; role: string }
  | { kind: 'status'; status: Member['status'] }
  | { kind: 'reset' }
  | { kind: 'remove' };

interface MemberRowProps {
  member: Member;
  isMe: boolean;
  /** Admins get the controls; everyone else reads the list. */
  manage: boolean;
  busy: boolean;
  onAction: (action: MemberAction) => void;
}

export function MemberRow({ member, isMe, manage, busy, onAction }: MemberRowProps) {
  const { user } = member;
  const active = member.status === 'active';
  const roleLabel = isRole(member.role) ? ROLE_LABELS[member.role] : member.role;
  return (
    <li class="row-item" aria-label={user.email}>
      <div class="row-main">
        <div class="strong">
          {user.first_name || user.email}
          {isMe && <span class="muted"> (you)</span>}
        </div>
        {user.first_name && <div class="muted small">{user.email}</div>}
        <div class="muted small" title={fullTime(member.joined_at)}>
          Joined {timeAgo(member.joined_at)}
        </div>
      </div>
      <div class="row-meta">
        {manage ? (
          <RoleSelect
            id={`role-${member.id}`}
            label={`Role of ${user.email}`}
            hideLabel
            value={member.role}
            disabled={busy}
            onChange={(role) => onAction({ kind: 'role', role })}
          />
        ) : (
          <span class="badge">{roleLabel}</span>
        )}
        <span class={active ? 'badge success' : 'badge'}>{active ? 'Active' : 'Deactivated'}</span>
      </div>
      {manage && (
        <div class="row-actions">
          <button
            type="button"
            class="btn small"
            disabled={busy}
            onClick={() => onAction({ kind: 'status', status: active ? 'deactivated' : 'active' })}
          >
            {active ? 'Deactivate' : 'Reactivate'}
          </button>
          <button type="button" class="btn small" disabled={busy} onClick={() => onAction({ kind: 'reset' })}>
            Reset link
          </button>
          <button
            type="button"
            class="btn small danger-text"
            disabled={busy}
            onClick={() => onAction({ kind: 'remove' })}
          >
            Remove
          </button>
        </div>
      )}
    </li>
  );
}
