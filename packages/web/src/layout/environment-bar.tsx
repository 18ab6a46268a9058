import { useState } from 'preact/hooks';
import { messageOf } from '../api/api-error.ts';
import { environmentTitle, sortEnvironments } from '../environments/production.ts';
import { useWorkspace } from '../environments/workspace-context.ts';

/**
 * The project and environment switchers above every screen. In production the bar turns red and says
 * PRODUCTION, so nobody flips a switch there believing they are in staging.
 */
export function EnvironmentBar() {
  const { current, projects, switchTo } = useWorkspace();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const production = current.environment.production;

  const go = async (environmentId: number) => {
    if (environmentId === current.id) return;
    setBusy(true);
    setError(null);
    try {
      await switchTo(environmentId);
    } catch (e) {
      setError(messageOf(e));
      setBusy(false);
    }
  };

  return (
    <div
      class={production ? 'env-bar production' : 'env-bar'}
      data-testid="env-bar"
      data-environment={current.environment.name}
    >
      <label class="env-pick">
        <span class="muted small">Project</span>
        <select
          aria-label="Switch project"
          value={String(current.project_id)}
          disabled={busy}
          onChange={(e) => {
            const target = projects.find((p) => String(p.project_id) === e.currentTarget.value);
            if (target) void go(target.id);
          }}
        >
          {projects.map((p) => (
            <option key={p.project_id} value={String(p.project_id)}>
              {p.name}
            </option>
          ))}
        </select>
      </label>
      <label class="env-pick">
        <span class="muted small">Environment</span>
        <select
          aria-label="Switch environment"
          value={String(current.id)}
          disabled={busy}
          onChange={(e) => void go(Number(e.currentTarget.value))}
        >
          {sortEnvironments(current.environments).map((env) => (
            <option key={env.id} value={String(env.id)}>
              {environmentTitle(env)}
            </option>
          ))}
        </select>
      </label>
      {production ? (
        <span class="badge production-badge" data-testid="production-badge">
          PRODUCTION
        </span>
      ) : (
        <span class="badge" data-testid="environment-badge">
          {current.environment.name}
        </span>
      )}
      {error && (
        <span class="error-text" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
