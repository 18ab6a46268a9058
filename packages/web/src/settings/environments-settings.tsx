import { useState } from 'preact/hooks';
import { messageOf } from '../api/api-error.ts';
import { createEnvironment } from '../environments/environments-api.ts';
import { sortEnvironments } from '../environments/production.ts';
import { useWorkspace } from '../environments/workspace-context.ts';
import { EnvironmentRow } from './environment-row.tsx';

/** The current project's environments, each with its own key, and a form to add one. */
export function EnvironmentsSettings({ canEdit }: { canEdit: boolean }) {
  const { current, refresh } = useWorkspace();
  const [name, setName] = useState('');
  const [production, setProduction] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const add = async (e: Event) => {
    e.preventDefault();
    setError(null);
    try {
      await createEnvironment(current.project_id, name.trim(), production);
      setName('');
      setProduction(false);
      await refresh();
    } catch (err) {
      setError(messageOf(err));
    }
  };

  return (
    <section class="card" aria-labelledby="environments-title">
      <h2 id="environments-title">Environments of {current.name}</h2>
      <p class="muted">
        Each environment has its own key, events, persons and flag switches; flags themselves are shared. A
        new environment gets every flag's conditions from production, switched off.
      </p>
      <ul class="plain" aria-label="Environments">
        {sortEnvironments(current.environments).map((env) => (
          <EnvironmentRow
            key={`${env.id}:${env.name}`}
            env={env}
            current={env.id === current.id}
            canEdit={canEdit}
            onChanged={refresh}
          />
        ))}
      </ul>
      {canEdit && (
        <form class="inline-form" aria-label="Add environment" onSubmit={add}>
          <div class="field">
            <label for="new-environment-name">New environment</label>
            <input
              id="new-environment-name"
              required
              placeholder="staging"
              value={name}
              onInput={(e) => setName(e.currentTarget.value)}
            />
          </div>
          <label class="check">
            <input
              type="checkbox"
              checked={production}
              onChange={(e) => setProduction(e.currentTarget.checked)}
            />{' '}
            Production
          </label>
          <button type="submit" class="btn primary">
            Add environment
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
