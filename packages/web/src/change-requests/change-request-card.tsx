import { useState } from 'preact/hooks';
import { messageOf } from '../api/api-error.ts';
import { Link } from '../router/link.tsx';
import {
  approveChangeRequest,
  type ChangeRequest,
  rejectChangeRequest,
  withdrawChangeRequest,
} from './change-requests-api.ts';

const show = (value: unknown) => JSON.stringify(value, null, 2) ?? 'null';

/** One request: its diff field by field, who asked and approved, and the actions the viewer may take. */
export function ChangeRequestCard({
  request,
  canReview,
  viewerId,
  onChange,
}: {
  request: ChangeRequest;
  canReview: boolean;
  /** The signed-in member: their own request offers Withdraw, never Approve (the server refuses it too). */
  viewerId: string;
  onChange: () => void;
}) {
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string | null>(null);
  const act = (action: () => Promise<unknown>) => () =>
    void action().then(onChange, (e: unknown) => setError(messageOf(e)));
  const pending = request.status === 'pending';
  const own = request.requested_by.id === viewerId;
  return (
    <article class="card change-request" aria-label={`Change to ${request.flag_key}`}>
      <header>
        <Link href={`/feature_flags/${request.flag_id}`}>{request.flag_key}</Link>{' '}
        <span class={`badge status-${request.status}`}>{request.status}</span>
        <p class="muted">
          Requested by {request.requested_by.name} · {request.approvals.length}/{request.required_approvals}{' '}
          approvals{request.approvals.length > 0 && ` (${request.approvals.map((a) => a.name).join(', ')})`}
          {request.reason && ` · “${request.reason}”`}
        </p>
      </header>
      <table class="diff">
        <thead>
          <tr>
            <th>Field</th>
            <th>Before</th>
            <th>After</th>
          </tr>
        </thead>
        <tbody>
          {request.diff.map((d) => (
            <tr key={d.field}>
              <td>{d.field}</td>
              <td>
                <pre>{show(d.before)}</pre>
              </td>
              <td>
                <pre>{show(d.after)}</pre>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {request.comment && <p>Comment: {request.comment}</p>}
      {pending && own && (
        <div class="toolbar">
          <p class="muted" data-testid="own-request">
            Waiting for approval by another member: you cannot approve your own change.
          </p>
          <button type="button" class="btn" onClick={act(() => withdrawChangeRequest(request.id))}>
            Withdraw
          </button>
        </div>
      )}
      {pending && !own && canReview && (
        <div class="toolbar">
          <button type="button" class="btn primary" onClick={act(() => approveChangeRequest(request.id))}>
            Approve
          </button>
          <input
            aria-label="Rejection comment"
            placeholder="Why reject?"
            value={comment}
            onInput={(e) => setComment((e.target as HTMLInputElement).value)}
          />
          <button
            type="button"
            class="btn danger"
            disabled={comment.trim() === ''}
            onClick={act(() => rejectChangeRequest(request.id, comment))}
          >
            Reject
          </button>
        </div>
      )}
      {request.decided_by && !pending && (
        <p class="muted small">
          {request.status} by {request.decided_by.name}
        </p>
      )}
      {error && (
        <p class="error-text" role="alert">
          {error}
        </p>
      )}
    </article>
  );
}
