import { useState } from 'preact/hooks';
import { messageOf } from '../api/api-error.ts';
import { PROJECT } from '../api/endpoints.ts';
import { post, request } from '../api/http.ts';
import type { Flag } from '../api/types.ts';
import { isChangeRequest } from '../change-requests/change-requests-api.ts';
import { navigate } from '../router/router.ts';
import { ConfirmDialog } from '../ui/confirm-dialog.tsx';

interface FlagRemovalProps {
  flag: Flag;
  /** After an archive or unarchive that applied. */
  onChange: () => void;
  /** A change the project holds for approval: the page says so. */
  onRequested: (changeRequestId: string) => void;
}

type Pending = 'archive' | 'delete' | null;

/**
 * Archive (stop serving, keep history, reversible), unarchive, and delete, each after asking. In an environment that
 * needs approvals the server answers with a change request instead, which the page announces.
 */
export function FlagRemoval({ flag, onChange, onRequested }: FlagRemovalProps) {
  const [pending, setPending] = useState<Pending>(null);
  const [failure, setFailure] = useState('');
  const base = `${PROJECT}/feature_flags/${flag.id}/`;
  const run = async (work: () => Promise<unknown>, done: () => void) => {
    setPending(null);
    setFailure('');
    try {
      const body = await work();
      if (isChangeRequest(body)) onRequested(body.id);
      else done();
    } catch (error) {
      setFailure(messageOf(error));
    }
  };
  return (
    <>
      {flag.archived ? (
        <button
          type="button"
          class="btn"
          onClick={() => void run(() => post(`${base}unarchive/`, {}), onChange)}
        >
          Unarchive
        </button>
      ) : (
        <button type="button" class="btn" onClick={() => setPending('archive')}>
          Archive
        </button>
      )}
      <button type="button" class="btn danger" onClick={() => setPending('delete')}>
        Delete flag
      </button>
      {failure && (
        <span class="error-text" role="alert">
          {failure}
        </span>
      )}
      <ConfirmDialog
        open={pending === 'archive'}
        title={`Archive ${flag.key}?`}
        confirmLabel="Archive flag"
        onCancel={() => setPending(null)}
        onConfirm={() => void run(() => post(`${base}archive/`, {}), onChange)}
      >
        <p>
          No SDK gets it any more, in any environment: code still asking for it gets nothing (off). Its
          history stays, and Unarchive brings it back.
        </p>
      </ConfirmDialog>
      <ConfirmDialog
        open={pending === 'delete'}
        title={`Delete ${flag.key}?`}
        confirmLabel="Delete flag"
        danger
        onCancel={() => setPending(null)}
        onConfirm={() =>
          void run(
            () => request<unknown>('DELETE', base),
            () => navigate('/feature_flags'),
          )
        }
      >
        <p>
          It stops being served at once and leaves the list. Remove it from your code first:
          <code> signpost-codegen --check</code> names every call site still using it.
        </p>
      </ConfirmDialog>
    </>
  );
}
