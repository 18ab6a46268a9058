import { useState } from 'preact/hooks';
import { messageOf } from '../api/api-error.ts';
import { listDashboards } from '../dashboards/dashboards-api.ts';
import { Link } from '../router/link.tsx';
import { useResource } from '../ui/use-resource.ts';

interface SaveFormProps {
  name: string;
  onName: (name: string) => void;
  /** Dashboards the saved insight is already on. */
  onDashboards: number[];
  saving: boolean;
  onSave: (dashboardId: number | null) => Promise<void>;
}

/** Name the insight, optionally put it on a dashboard, and save. */
export function SaveInsightForm({ name, onName, onDashboards, saving, onSave }: SaveFormProps) {
  const dashboards = useResource(listDashboards, []);
  const [dashboard, setDashboard] = useState('');
  const [error, setError] = useState('');
  const submit = (e: Event) => {
    e.preventDefault();
    setError('');
    if (!name.trim()) {
      setError('Give the insight a name.');
      return;
    }
    onSave(dashboard ? Number(dashboard) : null).catch((err: unknown) => setError(messageOf(err)));
  };
  const list = dashboards.data?.results ?? [];
  return (
    <form class="card save-form" aria-label="Save insight" onSubmit={submit}>
      <div class="field grow">
        <label for="insight-name">Insight name</label>
        <input
          id="insight-name"
          value={name}
          placeholder="e.g. Logins by auth method"
          aria-invalid={error !== '' && !name.trim()}
          onInput={(e) => onName(e.currentTarget.value)}
        />
      </div>
      <div class="field">
        <label for="insight-dashboard">Add to dashboard</label>
        <select
          id="insight-dashboard"
          value={dashboard}
          onChange={(e) => setDashboard(e.currentTarget.value)}
        >
          <option value="">{list.length ? 'Don’t add' : 'No dashboards yet'}</option>
          {list.map((d) => (
            <option key={d.id} value={String(d.id)} disabled={onDashboards.includes(d.id)}>
              {d.name}
              {onDashboards.includes(d.id) ? ' (already on it)' : ''}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" class="btn primary" disabled={saving}>
        {saving ? 'Saving…' : 'Save insight'}
      </button>
      {onDashboards.length > 0 && (
        <span class="muted small">
          On{' '}
          {onDashboards.map((id, i) => (
            <span key={id}>
              {i > 0 && ', '}
              <Link href={`/dashboards/${id}`}>
                {list.find((d) => d.id === id)?.name ?? `dashboard ${id}`}
              </Link>
            </span>
          ))}
        </span>
      )}
      {error && (
        <span class="error-text" role="alert">
          {error}
        </span>
      )}
    </form>
  );
}
