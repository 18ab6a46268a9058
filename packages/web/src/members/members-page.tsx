import { useState } from 'preact/hooks';
import { messageOf } from '../api/api-error.ts';
import { useSession } from '../auth/session-context.ts';
import { ConfirmDialog } from '../ui/confirm-dialog.tsx';
import { PageHeader } from '../ui/page-header.tsx';
import { ResourceList } from '../ui/resource-list.tsx';
import { useResource } from '../ui/use-resource.ts';
import { InvitationsList } from './invitations-list.tsx';
import { InviteForm } from './invite-form.tsx';
import { IssuedLinkNotice, type ShownLink } from './issued-link-notice.tsx';
import { type MemberAction, MemberRow } from './member-row.tsx';
import {
  type Invitation,
  issuePasswordReset,
  listInvitations,
  listMembers,
  type Member,
  removeMember,
  revokeInvitation,
  updateMember,
} from './members-api.ts';
import { ProjectKeys } from './project-keys.tsx';

type Pending = { kind: 'remove'; member: Member } | { kind: 'revoke'; invitation: Invitation };

/** Who works in this project and with which role; admins invite, change roles, deactivate and remove. */
export function MembersPage() {
  const session = useSession();
  const manage = session.can('organization_member:write');
  const members = useResource(listMembers, []);
  const invitations = useResource(listInvitations, []);
  const [link, setLink] = useState<ShownLink | null>(null);
  const [pending, setPending] = useState<Pending | null>(null);
  const [busyId, setBusyId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const run = async (id: string, work: () => Promise<unknown>) => {
    setBusyId(id);
    setError(null);
    try {
      await work();
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusyId(null);
      members.reload();
    }
  };

  const act = (member: Member, action: MemberAction) => {
    if (action.kind === 'remove') return setPending({ kind: 'remove', member });
    void run(member.id, async () => {
      if (action.kind === 'role') await updateMember(member.id, { role: action.role });
      else if (action.kind === 'status') await updateMember(member.id, { status: action.status });
      else {
        const issued = await issuePasswordReset(member.id);
        setLink({ ...issued, title: `Password reset link for ${member.user.email}` });
      }
    });
  };

  const confirm = () => {
    const p = pending;
    setPending(null);
    if (p?.kind === 'remove') void run(p.member.id, () => removeMember(p.member.id));
    if (p?.kind === 'revoke')
      void run(p.invitation.id, () => revokeInvitation(p.invitation.id)).then(invitations.reload);
  };

  const list = members.data?.results ?? [];
  return (
    <>
      <PageHeader
        title="Members"
        subtitle={
          manage
            ? 'Invite people, give each the role they need, and take access away at once when they leave.'
            : 'Who works in this project. Ask an admin to invite someone or change a role.'
        }
      />
      {manage && (
        <InviteForm
          onInvited={(i) => {
            setLink({ url: i.url, expires_at: i.expires_at, title: `Invitation link for ${i.target_email}` });
            invitations.reload();
          }}
        />
      )}
      {link && <IssuedLinkNotice link={link} onDismiss={() => setLink(null)} />}
      {error && (
        <div class="notice error" role="alert">
          {error}
        </div>
      )}
      <section class="card" aria-labelledby="members-title">
        <h2 id="members-title">Members</h2>
        <ResourceList resource={members} count={list.length} empty={<p class="muted">No members.</p>}>
          <ul class="plain row-list">
            {list.map((m) => (
              <MemberRow
                key={m.id}
                member={m}
                isMe={m.id === session.userId}
                manage={manage}
                busy={busyId === m.id}
                onAction={(action) => act(m, action)}
              />
            ))}
          </ul>
        </ResourceList>
      </section>
      <section class="card" aria-labelledby="invitations-title">
        <h2 id="invitations-title">Pending invitations</h2>
        <ResourceList resource={invitations} count={invitations.data ? 1 : 0} empty={null}>
          <InvitationsList
            invitations={invitations.data?.results ?? []}
            manage={manage}
            onRevoke={(invitation) => setPending({ kind: 'revoke', invitation })}
          />
        </ResourceList>
      </section>
      {manage && members.data && <ProjectKeys members={list} />}
      <ConfirmDialog
        open={pending !== null}
        title={
          pending?.kind === 'remove'
            ? `Remove ${pending.member.user.email}?`
            : `Revoke the invitation for ${pending?.invitation.target_email ?? ''}?`
        }
        confirmLabel={pending?.kind === 'remove' ? 'Remove member' : 'Revoke invitation'}
        danger
        onConfirm={confirm}
        onCancel={() => setPending(null)}
      >
        {pending?.kind === 'remove'
          ? 'They lose access to this project at once: their sessions and personal keys stop working here. Invite them again to bring them back.'
          : 'The link stops working. You can invite the same address again.'}
      </ConfirmDialog>
    </>
  );
}
