import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { messageOf } from '../api/api-error.ts';
import { del } from '../api/http.ts';
import { navigate } from '../router/router.ts';
import { ConfirmDialog } from './confirm-dialog.tsx';

interface DeleteActionProps {
  /** What is deleted, in the button and dialog ("insight"). */
  noun: string;
  /** Its name, quoted in the dialog's title. */
  name: string;
  /** The API path to DELETE. */
  path: string;
  /** Where to go once it is gone: its list. */
  after: string;
  /** What deleting means for everything else, said before anyone confirms. */
  children: ComponentChildren;
}

/** A "Delete …" button that asks first, deletes, and returns to the list; failures stay on the page. */
export function DeleteAction({ noun, name, path, after, children }: DeleteActionProps) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState('');
  const confirm = async () => {
    setOpen(false);
    setBusy(true);
    setFailure('');
    try {
      await del(path);
      navigate(after);
    } catch (error) {
      setFailure(messageOf(error));
      setBusy(false);
    }
  };
  return (
    <>
      <button type="button" class="btn danger" disabled={busy} onClick={() => setOpen(true)}>
        Delete {noun}
      </button>
      {failure && (
        <span class="error-text" role="alert">
          {failure}
        </span>
      )}
      <ConfirmDialog
        open={open}
        title={`Delete “${name}”?`}
        confirmLabel={`Delete ${noun}`}
        danger
        onCancel={() => setOpen(false)}
        onConfirm={() => void confirm()}
      >
        {children}
      </ConfirmDialog>
    </>
  );
}
