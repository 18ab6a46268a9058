import { useState } from 'preact/hooks';
import { KeyRow } from '../account/key-row.tsx';
import { revokeKey } from '../account/personal-keys-api.ts';
import { messageOf } from '../api/api-error.ts';
import { get } from '../api/http.ts';
import type { PersonalKey } from '../api/types.ts';
import { ConfirmDialog } from '../ui/confirm-dialog.tsx';
import { ResourceList } from '../ui/resource-list.tsx';
import { useResource } from '../ui/use-resource.ts';
import type { Member } from './members-api.ts';

/**
 * Every personal key in the project, for admins: a leaked or forgotten key can be revoked without its owner, and
 * the installation key printed at first start (which belongs to no member) shows up here.
 */
export function ProjectKeys({ members }: { members: Member[] }) {
  const keys = useResource(() => get<PersonalKey[]>('/api/personal_api_keys/'), []);
  const [revoking, setRevoking] = useState<PersonalKey | null>(null);
  const [error, setError] = useState<string | null>(null);
  const emails = new Map(members.map((m) => [m.id, m.user.email]));
  const ownerOf = (k: PersonalKey) =>
    k.user_id === null ? 'installation key (no member)' : (emails.get(k.user_id) ?? 'a former member');

  const revoke = async () => {
    const key = revoking;
    setRevoking(null);
    if (!key) return;
    setError(null);
    try {
      await revokeKey(key.id);
    } catch (err) {
      setError(messageOf(err));
    }
    keys.reload();
  };

  const list = keys.data ?? [];
  return (
    <section class="card" aria-labelledby="project-keys-title">
      <h2 id="project-keys-title">Personal API keys in this project</h2>
      <p class="muted">Each member creates their own under My account; here you can revoke any of them.</p>
      {error && (
        <div class="notice error" role="alert">
          {error}
        </div>
      )}
      <ResourceList resource={keys} count={list.length} empty={<p class="muted">No personal API keys.</p>}>
        <ul class="plain row-list" aria-label="Project keys">
          {list.map((k) => (
            <KeyRow key={k.id} keyInfo={k} owner={ownerOf(k)} onRevoke={() => setRevoking(k)} />
          ))}
        </ul>
      </ResourceList>
      <ConfirmDialog
        open={revoking !== null}
        title={`Revoke “${revoking?.label ?? ''}” of ${revoking ? ownerOf(revoking) : ''}?`}
        confirmLabel="Revoke key"
        danger
        onConfirm={() => void revoke()}
        onCancel={() => setRevoking(null)}
      >
        Anything using this key gets 401 from its next request. This cannot be undone.
      </ConfirmDialog>
    </section>
  );
}
