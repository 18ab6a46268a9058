import { useEffect, useState } from 'preact/hooks';
import { useCan, useSession } from '../auth/session-context.ts';
import { PageHeader } from '../ui/page-header.tsx';
import { ErrorNotice, Loading } from '../ui/status.tsx';
import { ChangeRequestCard } from './change-request-card.tsx';
import { type ChangeRequest, listChangeRequests } from './change-requests-api.ts';

const STATUSES = ['pending', 'applied', 'rejected', 'withdrawn', 'stale'];

/** Flag changes waiting for approval (and decided ones), each with its diff and approve / reject. */
export function ChangeRequestsPage() {
  const [status, setStatus] = useState('pending');
  const [requests, setRequests] = useState<ChangeRequest[] | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    listChangeRequests(status).then(setRequests, setError);
  }, [status, generation]);
  const canReview = useCan('feature_flag:write');
  const { userId } = useSession();
  return (
    <>
      <PageHeader
        title="Change requests"
        subtitle="Flag changes that wait for another member's approval before they apply."
      />
      <div class="toolbar">
        <div class="field inline">
          <label for="change-request-status">Status</label>
          <select
            id="change-request-status"
            value={status}
            onChange={(e) => setStatus((e.target as HTMLSelectElement).value)}
          >
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
            <option value="">all</option>
          </select>
        </div>
      </div>
      {error !== undefined && <ErrorNotice error={error} />}
      {requests === undefined && error === undefined && <Loading />}
      {requests?.length === 0 && <p class="muted">No {status} change requests.</p>}
      {requests?.map((r) => (
        <ChangeRequestCard
          key={`${r.id}:${generation}`}
          request={r}
          canReview={canReview}
          viewerId={userId}
          onChange={() => setGeneration((g) => g + 1)}
        />
      ))}
    </>
  );
}
