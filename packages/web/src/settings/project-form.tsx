import { useMemo, useState } from 'preact/hooks';
import { ApiError, messageOf } from '../api/api-error.ts';
import { PROJECT } from '../api/endpoints.ts';
import { get, patch } from '../api/http.ts';
import { ErrorNotice, Loading } from '../ui/status.tsx';
import { useResource } from '../ui/use-resource.ts';
import { timeZoneOptions } from './time-zones.ts';

/** `GET`/`PATCH /api/projects/@current/`. */
export interface ProjectDetails {
  id: number;
  name: string;
  api_token: string;
  timezone: string;
  created_at: string;
}

const PATH = `${PROJECT}/`;

/** Name and timezone of the current project; `onSaved` lets the page show the new name at once. */
export function ProjectForm({ onSaved }: { onSaved: (project: ProjectDetails) => void }) {
  const project = useResource(() => get<ProjectDetails>(PATH), []);
  if (project.error && !project.data) return <ErrorNotice error={project.error} retry={project.reload} />;
  if (!project.data) return <Loading />;
  return <ProjectFields initial={project.data} onSaved={onSaved} />;
}

function ProjectFields({
  initial,
  onSaved,
}: {
  initial: ProjectDetails;
  onSaved: (project: ProjectDetails) => void;
}) {
  const [saved, setSaved] = useState(initial);
  const [name, setName] = useState(initial.name);
  const [timezone, setTimezone] = useState(initial.timezone);
  const [state, setState] = useState<'idle' | 'saving' | 'saved'>('idle');
  const [error, setError] = useState<{ message: string; attr: string | null } | null>(null);
  const zones = useMemo(() => timeZoneOptions(saved.timezone), [saved.timezone]);
  const changed = name.trim() !== saved.name || timezone !== saved.timezone;

  const save = async (e: Event) => {
    e.preventDefault();
    setError(null);
    setState('saving');
    try {
      const next = await patch<ProjectDetails>(PATH, { name: name.trim(), timezone });
      setSaved(next);
      setName(next.name);
      setTimezone(next.timezone);
      setState('saved');
      onSaved(next);
    } catch (err) {
      setError({ message: messageOf(err), attr: err instanceof ApiError ? err.attr : null });
      setState('idle');
    }
  };

  return (
    <form onSubmit={save} aria-label="Project">
      <div class="form-grid">
        <div class="field">
          <label for="project-name">Project name</label>
          <input
            id="project-name"
            required
            maxLength={200}
            value={name}
            aria-invalid={error?.attr === 'name'}
            onInput={(e) => {
              setName(e.currentTarget.value);
              setState('idle');
            }}
          />
        </div>
        <div class="field">
          <label for="project-timezone">Timezone</label>
          <select
            id="project-timezone"
            value={timezone}
            aria-describedby="project-timezone-hint"
            aria-invalid={error?.attr === 'timezone'}
            onChange={(e) => {
              setTimezone(e.currentTarget.value);
              setState('idle');
            }}
          >
            {zones.map((z) => (
              <option key={z} value={z}>
                {z}
              </option>
            ))}
          </select>
          <span id="project-timezone-hint" class="hint">
            Insights bucket events into days and hours in this zone.
          </span>
        </div>
      </div>
      <button type="submit" class="btn primary" disabled={!changed || state === 'saving'}>
        {state === 'saving' ? 'Saving…' : 'Save'}
      </button>
      {error && (
        <div class="notice error" role="alert">
          {error.message}
        </div>
      )}
      {state === 'saved' && !error && (
        <div class="notice success" role="status">
          Saved. New insight queries use {saved.timezone}.
        </div>
      )}
    </form>
  );
}
