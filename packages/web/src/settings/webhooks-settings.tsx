import { useState } from 'preact/hooks';
import { messageOf } from '../api/api-error.ts';
import { CopyField } from '../ui/copy-field.tsx';
import { ResourceList } from '../ui/resource-list.tsx';
import { useResource } from '../ui/use-resource.ts';
import { WebhookDeliveries } from './webhook-deliveries.tsx';
import { WebhookForm } from './webhook-form.tsx';
import { deleteWebhook, listWebhooks, testWebhook, type Webhook } from './webhooks-api.ts';

/**
 * The project's webhooks: list, add (the signing secret is shown once, right after), delete, send a test, and
 * each one's delivery log. Project settings, so the same in every environment.
 */
export function WebhooksSettings({ canEdit }: { canEdit: boolean }) {
  const hooks = useResource(listWebhooks, []);
  const [created, setCreated] = useState<Webhook | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [generation, setGeneration] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const act = async (work: () => Promise<unknown>) => {
    setError(null);
    try {
      await work();
    } catch (e) {
      setError(messageOf(e));
    }
    hooks.reload();
    setGeneration((g) => g + 1);
  };
  const list = hooks.data ?? [];
  return (
    <section class="card" aria-labelledby="webhooks-title">
      <h2 id="webhooks-title">Webhooks</h2>
      <p class="muted">
        Signpost posts signed JSON (or Slack messages) to these URLs when flags change; see docs/webhooks.md
        to verify the signature. A slow or failing receiver never holds up a change: deliveries are retried.
      </p>
      <ResourceList resource={hooks} count={list.length} empty={<p class="muted">No webhooks yet.</p>}>
        <ul class="plain row-list" aria-label="Webhooks">
          {list.map((w) => (
            <li key={w.id} class="row gap">
              <span class="mono">{w.url}</span> <span class="muted">{w.events.join(', ')}</span>{' '}
              <span class="badge">{w.format}</span>
              {!w.enabled && <span class="badge">disabled</span>}
              {w.failing && <span class="badge danger">failing</span>}
              <button type="button" class="btn small" onClick={() => setOpen(open === w.id ? null : w.id)}>
                {open === w.id ? 'Hide deliveries' : 'Deliveries'}
              </button>
              {canEdit && (
                <>
                  <button type="button" class="btn small" onClick={() => void act(() => testWebhook(w.id))}>
                    Send test
                  </button>
                  <button
                    type="button"
                    class="btn small danger"
                    onClick={() => void act(() => deleteWebhook(w.id))}
                  >
                    Delete
                  </button>
                </>
              )}
              {open === w.id && <WebhookDeliveries webhookId={w.id} generation={generation} />}
            </li>
          ))}
        </ul>
      </ResourceList>
      {open && (
        <button type="button" class="btn small" onClick={() => setGeneration((g) => g + 1)}>
          Refresh deliveries
        </button>
      )}
      {created?.secret && <CopyField label="Signing secret (shown once)" value={created.secret} />}
      {canEdit && <WebhookForm onCreated={setCreated} act={act} />}
      {error && (
        <div class="notice error" role="alert">
          {error}
        </div>
      )}
    </section>
  );
}
