import { useState } from 'preact/hooks';
import { ApiError, messageOf } from '../api/api-error.ts';
import type { ProjectView } from '../environments/environments-api.ts';
import { ConfirmDialog } from '../ui/confirm-dialog.tsx';

/**
 * Deleting a project takes its name typed out; when experiments still run the server answers 409 and the
 * dialog offers to delete anyway (`force`), saying why.
 */
export function DeleteProjectDialog({
  project,
  onClose,
  onDelete,
}: {
  project: ProjectView | null;
  onClose: () => void;
  /** Deletes with the typed name (and `force`); a refusal is thrown and shown here. */
  onDelete: (project: ProjectView, confirm: string, force: boolean) => Promise<unknown>;
}) {
  const [typed, setTyped] = useState('');
  const [force, setForce] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const close = () => {
    setTyped('');
    setForce(false);
    setError(null);
    onClose();
  };
  const confirm = async () => {
    if (!project) return;
    setError(null);
    try {
      await onDelete(project, typed, force);
      close();
    } catch (e) {
      if (e instanceof ApiError && e.code === 'PROJECT_HAS_RUNNING_EXPERIMENTS') setForce(true);
      setError(messageOf(e));
    }
  };
  return (
    <ConfirmDialog
      open={project !== null}
      title={`Delete the project ${project?.name ?? ''}?`}
      confirmLabel={force ? 'Delete anyway, stopping its experiments' : 'Delete project'}
      danger
      confirmDisabled={typed !== project?.name}
      onConfirm={() => void confirm()}
      onCancel={close}
    >
      <p>
        Every environment, event, person, flag and insight of the project goes with it. Type{' '}
        <strong>{project?.name}</strong> to confirm.
      </p>
      <div class="field">
        <label for="delete-project-confirm">Name of the project to delete</label>
        <input id="delete-project-confirm" value={typed} onInput={(e) => setTyped(e.currentTarget.value)} />
      </div>
      {error && (
        <div class="notice error" role="alert">
          {error}
        </div>
      )}
    </ConfirmDialog>
  );
}
