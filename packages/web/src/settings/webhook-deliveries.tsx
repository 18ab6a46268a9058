import { ResourceList } from '../ui/resource-list.tsx';
import { useResource } from '../ui/use-resource.ts';
import { listDeliveries } from './webhooks-api.ts';

/** One subscription's delivery log, newest first: what was sent, how it went, and the start of the answer. */
export function WebhookDeliveries({ webhookId, generation }: { webhookId: string; generation: number }) {
  const log = useResource(() => listDeliveries(webhookId), [webhookId, generation]);
  const rows = log.data ?? [];
  return (
    <ResourceList resource={log} count={rows.length} empty={<p class="muted">Nothing sent yet.</p>}>
      <table class="table" aria-label="Deliveries">
        <thead>
          <tr>
            <th>Event</th>
            <th>Status</th>
            <th>Attempts</th>
            <th>HTTP</th>
            <th>Time</th>
            <th>Answer</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((d) => (
            <tr key={d.id}>
              <td class="mono">{d.event}</td>
              <td>
                {d.status}
                {d.next_attempt_at && d.status === 'pending' && d.attempts > 0 && (
                  <span class="muted"> (retry {new Date(d.next_attempt_at).toLocaleTimeString()})</span>
                )}
              </td>
              <td>{d.attempts}</td>
              <td>{d.response_status ?? '—'}</td>
              <td>{d.duration_ms === null ? '—' : `${d.duration_ms} ms`}</td>
              <td class="mono">{d.response?.slice(0, 120) ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ResourceList>
  );
}
