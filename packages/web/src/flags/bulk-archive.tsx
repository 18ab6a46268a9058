import { useState } from 'preact/hooks';
import { messageOf } from '../api/api-error.ts';
import { PROJECT } from '../api/endpoints.ts';
import { post } from '../api/http.ts';
import type { Flag } from '../api/types.ts';
import { ConfirmDialog } from '../ui/confirm-dialog.tsx';

/** Archives the chosen flags after asking: they stop being served everywhere, and come back with Unarchive. */
export function BulkArchive({ chosen, onDone }: { chosen: Flag[]; onDone: () => void }) {
  const [asking, setAsking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const archive = async () => {
    setAsking(false);
    setError(null);
    try {
      // One after another: each is its own logged change, and a refusal (a dependent flag) names its flag.
      for (const flag of chosen) await post(`${PROJECT}/feature_flags/${flag.id}/archive/`, {});
    } catch (e) {
      setError(messageOf(e));
    }
    onDone();
  };
  return (
    <div class="toolbar">
      <button type="button" class="btn danger" disabled={chosen.length === 0} onClick={() => setAsking(true)}>
        Archive selected ({chosen.length})
      </button>
      {error && (
        <span class="error-text" role="alert">
          {error}
        </span>
      )}
      <ConfirmDialog
        open={asking}
        title={`Archive ${chosen.length} ${chosen.length === 1 ? 'flag' : 'flags'}?`}
        confirmLabel="Archive flags"
        danger
        onConfirm={() => void archive()}
        onCancel={() => setAsking(false)}
      >
        SDKs stop getting {chosen.map((f) => f.key).join(', ')} (as if deleted) on their next request or poll.
        History is kept, and each can be unarchived.
      </ConfirmDialog>
    </div>
  );
}
