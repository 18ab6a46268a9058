import { useSession } from '../auth/session-context.ts';
import { Link } from '../router/link.tsx';
import { ErrorNotice, Loading } from '../ui/status.tsx';
import { useResource } from '../ui/use-resource.ts';
import { ChangeRequestCard } from './change-request-card.tsx';
import { getChangeRequest } from './change-requests-api.ts';

/**
 * Shown on the flag page after a save the environment held for approval: the request with its diff, so the
 * author sees what waits and reviewers can act where they already are.
 */
export function PendingChangeRequest({ id, onChange }: { id: string; onChange: () => void }) {
  const { userId, can } = useSession();
  const request = useResource(() => getChangeRequest(id), [id]);
  if (request.error) return <ErrorNotice error={request.error} retry={request.reload} />;
  if (!request.data) return <Loading />;
  const r = request.data;
  return (
    <div class="notice" role="status" data-testid="change-request-banner" data-status={r.status}>
      <p>
        {r.status === 'pending'
          ? 'Waiting for approval: this change applies once another member approves it.'
          : `This change request is ${r.status}.`}{' '}
        <Link href="/change_requests">All change requests</Link>
      </p>
      <ChangeRequestCard
        request={r}
        canReview={can('feature_flag:write')}
        viewerId={userId}
        onChange={() => {
          request.reload();
          onChange();
        }}
      />
    </div>
  );
}
