import { useState } from 'preact/hooks';
import { messageOf } from '../api/api-error.ts';
import { del, get, post } from '../api/http.ts';
import type { PersonalKey } from '../api/types.ts';
import { useSession } from '../auth/session-context.ts';
import { ConfirmDialog } from '../ui/confirm-dialog.tsx';
import { CopyField } from '../ui/copy-field.tsx';
import { fullTime, timeAgo } from '../ui/format.ts';
import { PageHeader } from '../ui/page-header.tsx';
import { ErrorNotice, Loading } from '../ui/status.tsx';
import { useResource } from '../ui/use-resource.ts';
import { ProjectForm } from './project-form.tsx';

const KEYS = '/api/personal_api_keys/';

export function SettingsPage() {
  const { project } = useSession();
  const keys = useResource(() => get<PersonalKey[]>(KEYS), []);
  const [label, setLabel] = useState('');
  const [created, setCreated] = useState<PersonalKey | null>(null);
  const [revoking, setRevoking] = useState<PersonalKey | null>(null);
  const [error, setError] = useState<string | null>(null);
  // The session's project name is read once at sign-in; a rename shows here at once, in the shell on reload.
  const [projectName, setProjectName] = useState(project.name);

  const create = async (e: Event) => {
    e.preventDefault();
    setError(null);
    try {
      setCreated(await post<PersonalKey>(KEYS, { label }));
      setLabel('');
      keys.reload();
    } catch (err) {
      setError(messageOf(err));
    }
  };
  const revoke = async () => {
    const key = revoking;
    setRevoking(null);
    if (!key) return;
    try {
      await del(`${KEYS}${key.id}`);
      if (created?.id === key.id) setCreated(null);
      keys.reload();
    } catch (err) {
      setError(messageOf(err));
    }
  };

  return (
    <>
      <PageHeader title="Project settings" subtitle={projectName} />
      <section class="card" aria-labelledby="project-title">
        <h2 id="project-title">Project</h2>
        <ProjectForm onSaved={(p) => setProjectName(p.name)} />
      </section>
      <section class="card">
        <h2>Project API key</h2>
        <p class="muted">
          Public: it goes into your app's code and lets SDKs send events and evaluate flags, nothing else.
        </p>
        <CopyField label="Project API key" value={project.api_token} />
        <CopyField label="Host" value={location.origin} />
      </section>
      <section class="card" aria-labelledby="keys-title">
        <h2 id="keys-title">Personal API keys</h2>
        <p class="muted">
          Secret: for scripts, the management API, and local flag evaluation in posthog-node. A key is shown
          once, when it is created.
        </p>
        <form class="inline-form" onSubmit={create}>
          <div class="field grow">
            <label for="key-label">Label</label>
            <input
              id="key-label"
              required
              placeholder="e.g. CI deploys"
              value={label}
              onInput={(e) => setLabel(e.currentTarget.value)}
            />
          </div>
          <button type="submit" class="btn primary">
            Create key
          </button>
        </form>
        {error && (
          <div class="notice error" role="alert">
            {error}
          </div>
        )}
        {created?.value && (
          <div class="notice success" role="status">
            <p>
              <strong>Copy “{created.label}” now.</strong> Signpost keeps only a hash; this is the last time
              the key is shown.
            </p>
            <CopyField label="New personal API key" value={created.value} />
          </div>
        )}
        {keys.error ? <ErrorNotice error={keys.error} retry={keys.reload} /> : null}
        {!keys.data && <Loading />}
        {keys.data && (
          <table class="table">
            <thead>
              <tr>
                <th>Label</th>
                <th>Key</th>
                <th>Created</th>
                <th>
                  <span class="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {keys.data.map((k) => (
                <tr key={k.id}>
                  <td>{k.label}</td>
                  <td class="mono">{k.mask_value}</td>
                  <td class="muted" title={fullTime(k.created_at)}>
                    {timeAgo(k.created_at)}
                  </td>
                  <td class="right">
                    <button type="button" class="btn small danger-text" onClick={() => setRevoking(k)}>
                      Revoke
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
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
    </>
  );
}
