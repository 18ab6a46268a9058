import { useState } from 'preact/hooks';
import { messageOf } from '../api/api-error.ts';
import { PROJECT } from '../api/endpoints.ts';
import { del, get, post } from '../api/http.ts';
import type { Environment } from '../environments/environments-api.ts';
import { CopyField } from '../ui/copy-field.tsx';
import { ResourceList } from '../ui/resource-list.tsx';
import { useResource } from '../ui/use-resource.ts';

interface SecretKey {
  id: string;
  label: string;
  mask_value: string;
  created_at: string;
  expires_at: string | null;
  value?: string;
}

const PATH = `${PROJECT}/project_secret_api_keys/`;

/**
 * The current environment's `phs_` keys (server-side SDKs' local evaluation). A key serves one environment's
 * flag settings, so the heading names it: a staging key in a production server would serve staging's switches.
 */
export function SecretKeys({ environment, canEdit }: { environment: Environment; canEdit: boolean }) {
  const keys = useResource(() => get<{ results: SecretKey[] }>(PATH).then((r) => r.results), []);
  const [label, setLabel] = useState('');
  const [created, setCreated] = useState<SecretKey | null>(null);
  const [error, setError] = useState<string | null>(null);
  const act = async (work: () => Promise<unknown>) => {
    setError(null);
    try {
      await work();
    } catch (e) {
      setError(messageOf(e));
    }
    keys.reload();
  };
  const list = keys.data ?? [];
  return (
    <section class="card" aria-labelledby="secret-keys-title">
      <h2 id="secret-keys-title">
        Secret keys of the <span data-testid="secret-keys-environment">{environment.name}</span> environment{' '}
        {environment.production && <span class="badge production-badge">PRODUCTION</span>}
      </h2>
      <p class="muted">
        For server-side SDKs that evaluate flags locally; each key reads only {environment.name}'s flag
        settings. Switch environment in the bar above to see another's keys.
      </p>
      <ResourceList resource={keys} count={list.length} empty={<p class="muted">No secret keys yet.</p>}>
        <ul class="plain row-list" aria-label="Secret keys">
          {list.map((k) => (
            <li key={k.id} class="row key-row">
              <strong>{k.label}</strong> <span class="mono">{k.mask_value}</span>
              {canEdit && (
                <button
                  type="button"
                  class="btn small danger"
                  onClick={() => void act(() => del(`${PATH}${k.id}/`))}
                >
                  Revoke
                </button>
              )}
            </li>
          ))}
        </ul>
      </ResourceList>
      {created?.value && <CopyField label={`New ${environment.name} secret key`} value={created.value} />}
      {canEdit && (
        <form
          class="inline-form"
          aria-label="Create secret key"
          onSubmit={(e) => {
            e.preventDefault();
            void act(async () => {
              setCreated(await post<SecretKey>(PATH, { label: label.trim() || undefined }));
              setLabel('');
            });
          }}
        >
          <div class="field">
            <label for="secret-key-label">Label of a new secret key</label>
            <input id="secret-key-label" value={label} onInput={(e) => setLabel(e.currentTarget.value)} />
          </div>
          <button type="submit" class="btn">
            Create secret key
          </button>
        </form>
      )}
      {error && (
        <div class="notice error" role="alert">
          {error}
        </div>
      )}
    </section>
  );
}
