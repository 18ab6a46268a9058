import { useState } from 'preact/hooks';
import { messageOf } from '../api/api-error.ts';
import {
  deleteEnvironment,
  type Environment,
  resetEnvironmentToken,
  updateEnvironment,
} from '../environments/environments-api.ts';
import { ConfirmDialog } from '../ui/confirm-dialog.tsx';
import { CopyField } from '../ui/copy-field.tsx';

type Pending = 'delete' | 'reset' | null;

/** One environment: its public key, rename, the production mark, a new key, and delete. */
export function EnvironmentRow({
  env,
  current,
  canEdit,
  onChanged,
}: {
  env: Environment;
  current: boolean;
  canEdit: boolean;
  onChanged: () => Promise<unknown>;
}) {
  const [name, setName] = useState(env.name);
  const [pending, setPending] = useState<Pending>(null);
  const [error, setError] = useState<string | null>(null);

  const run = async (work: () => Promise<unknown>) => {
    setPending(null);
    setError(null);
    try {
      await work();
      await onChanged();
    } catch (e) {
      setError(messageOf(e));
    }
  };

  return (
    <li class="env-row" data-testid={`environment-${env.name}`}>
      <form
        class="inline-form"
        aria-label={`Rename ${env.name}`}
        onSubmit={(e) => {
          e.preventDefault();
          void run(() => updateEnvironment(env, { name: name.trim() }));
        }}
      >
        <div class="field">
          <label for={`env-name-${env.id}`}>Environment name</label>
          <input
            id={`env-name-${env.id}`}
            value={name}
            disabled={!canEdit}
            onInput={(e) => setName(e.currentTarget.value)}
          />
        </div>
        {canEdit && name.trim() !== env.name && (
          <button type="submit" class="btn">
            Rename
          </button>
        )}
      </form>
      {env.production ? (
        <span class="badge production-badge">PRODUCTION</span>
      ) : (
        canEdit && (
          <button
            type="button"
            class="btn small"
            onClick={() => void run(() => updateEnvironment(env, { production: true }))}
          >
            Mark as production
          </button>
        )
      )}
      {current && <span class="badge">current</span>}
      <CopyField label={`Key of ${env.name}`} value={env.api_token} />
      {canEdit && (
        <span class="actions">
          <button type="button" class="btn small" onClick={() => setPending('reset')}>
            Reset key
          </button>
          <button type="button" class="btn small danger" onClick={() => setPending('delete')}>
            Delete
          </button>
        </span>
      )}
      {error && (
        <div class="notice error" role="alert">
          {error}
        </div>
      )}
      <ConfirmDialog
        open={pending !== null}
        title={pending === 'delete' ? `Delete the ${env.name} environment?` : `Reset the key of ${env.name}?`}
        confirmLabel={pending === 'delete' ? 'Delete environment' : 'Reset key'}
        danger
        onConfirm={() =>
          void run(() => (pending === 'delete' ? deleteEnvironment(env) : resetEnvironmentToken(env)))
        }
        onCancel={() => setPending(null)}
      >
        {pending === 'delete'
          ? `Its events, persons and flag settings are deleted with it. Apps using its key get no flags.`
          : `Apps still sending the old key stop being accepted; put the new key in their configuration.`}
      </ConfirmDialog>
    </li>
  );
}
