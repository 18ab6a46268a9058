import { useState } from 'preact/hooks';
import { messageOf } from '../api/api-error.ts';
import {
  createProject,
  deleteProject,
  type ProjectView,
  switchEnvironment,
} from '../environments/environments-api.ts';
import { useWorkspace } from '../environments/workspace-context.ts';
import { DeleteProjectDialog } from './delete-project-dialog.tsx';

/** Every project the member can see: switch to one, create one, delete one (its name typed out). */
export function ProjectsSettings({ canCreate }: { canCreate: boolean }) {
  const { current, projects, refresh, switchTo } = useWorkspace();
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<ProjectView | null>(null);

  const create = async (e: Event) => {
    e.preventDefault();
    setError(null);
    try {
      await createProject(name.trim());
      setName('');
      await refresh();
    } catch (err) {
      setError(messageOf(err));
    }
  };

  // The server cannot move a member out of a project that no longer exists (every request would resolve
  // `@current` into it), so deleting the current project leaves it first, and comes back if the delete is refused.
  const remove = async (project: ProjectView, confirm: string, force: boolean) => {
    const other = projects.find((p) => p.project_id !== project.project_id);
    const leaving = project.project_id === current.project_id && other !== undefined;
    if (leaving) await switchEnvironment(other.id);
    try {
      await deleteProject(project.id, confirm, force);
    } catch (e) {
      if (leaving) await switchEnvironment(current.id);
      throw e;
    }
    if (leaving) await switchTo(other.id);
    else await refresh();
  };

  return (
    <section class="card" aria-labelledby="projects-title">
      <h2 id="projects-title">Projects</h2>
      <table class="table compact">
        <thead>
          <tr>
            <th>Name</th>
            <th>Environments</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {projects.map((p) => (
            <tr key={p.project_id} data-testid={`project-${p.project_id}`}>
              <td>
                {p.name}
                {p.project_id === current.project_id && <span class="muted small"> (current)</span>}
              </td>
              <td>{p.environments.map((e) => e.name).join(', ')}</td>
              <td class="right">
                {p.project_id !== current.project_id && (
                  <button type="button" class="btn small" onClick={() => void switchTo(p.id)}>
                    Switch to
                  </button>
                )}{' '}
                {canCreate && (
                  <button type="button" class="btn small danger" onClick={() => setDeleting(p)}>
                    Delete
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {canCreate && (
        <form class="inline-form" aria-label="Create project" onSubmit={create}>
          <div class="field">
            <label for="new-project">Name of a new project</label>
            <input
              id="new-project"
              required
              maxLength={200}
              value={name}
              onInput={(e) => setName(e.currentTarget.value)}
            />
          </div>
          <button type="submit" class="btn primary">
            Create project
          </button>
        </form>
      )}
      {error && (
        <div class="notice error" role="alert">
          {error}
        </div>
      )}
      <DeleteProjectDialog project={deleting} onClose={() => setDeleting(null)} onDelete={remove} />
    </section>
  );
}
