import { useState } from 'preact/hooks';
import { messageOf } from '../api/api-error.ts';
import type { PersonalKey } from '../api/types.ts';
import { useSession } from '../auth/session-context.ts';
import { ConfirmDialog } from '../ui/confirm-dialog.tsx';
import { CopyField } from '../ui/copy-field.tsx';
import { ResourceList } from '../ui/resource-list.tsx';
import { useResource } from '../ui/use-resource.ts';
import { CreateKeyForm } from './create-key-form.tsx';
import { KeyRow } from './key-row.tsx';
import { listMyKeys, revokeKey } from './personal-keys-api.ts';

/** My personal API keys: create one with scopes and an expiry, see it once, revoke it. */
export function PersonalKeys() {
  const { userId } = useSession();
  const keys = useResource(() => listMyKeys(userId), [userId]);
  const [created, setCreated] = useState<PersonalKey | null>(null);
  const [revoking, setRevoking] = useState<PersonalKey | null>(null);
  const [error, setError] = useState<string | null>(null);

  const revoke = async () => {
    const key = revoking;
    setRevoking(null);
    if (!key) return;
    setError(null);
    try {
      await revokeKey(key.id);
      if (created?.id === key.id) setCreated(null);
    } catch (err) {
      setError(messageOf(err));
    }
    keys.reload();
  };

  const list = keys.data ?? [];
  return (
    <section class="card" aria-labelledby="keys-title">
      <h2 id="keys-title">My personal API keys</h2>
      <p class="muted">
        Secret: for scripts and the management API, acting as you. Give each key only the scopes it needs; it
        is shown once, when it is created.
      </p>
      <CreateKeyForm
        onCreated={(key) => {
          setCreated(key);
          keys.reload();
        }}
      />
      {created?.value && (
        <div class="notice success" role="status">
          <p>
            <strong>Copy “{created.label}” now.</strong> Signpost keeps only a hash; this is the last time the
            key is shown.
          </p>
          <CopyField label="New personal API key" value={created.value} />
        </div>
      )}
      {error && (
        <div class="notice error" role="alert">
          {error}
        </div>
      )}
      <ResourceList resource={keys} count={list.length} empty={<p class="muted">You have no keys yet.</p>}>
        <ul class="plain row-list" aria-label="My keys">
          {list.map((k) => (
            <KeyRow key={k.id} keyInfo={k} onRevoke={() => setRevoking(k)} />
          ))}
        </ul>
      </ResourceList>
      <ConfirmDialog
        open={revoking !== null}
        title={`Revoke “${revoking?.label ?? ''}”?`}
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
