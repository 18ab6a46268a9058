import { useState } from 'preact/hooks';
import { createWebhook, WEBHOOK_EVENTS, type Webhook } from './webhooks-api.ts';

/** Adds a subscription; the server checks the URL and events and its refusal is shown by the caller. */
export function WebhookForm({
  onCreated,
  act,
}: {
  onCreated: (w: Webhook) => void;
  act: (work: () => Promise<unknown>) => Promise<void>;
}) {
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<string[]>(['flag.changed']);
  const [format, setFormat] = useState<Webhook['format']>('json');
  const toggle = (event: string, on: boolean) =>
    setEvents((list) => (on ? [...list, event] : list.filter((e) => e !== event)));
  return (
    <form
      aria-label="Add webhook"
      onSubmit={(e) => {
        e.preventDefault();
        void act(async () => {
          onCreated(await createWebhook({ url: url.trim(), events, format }));
          setUrl('');
        });
      }}
    >
      <div class="field">
        <label for="webhook-url">Webhook URL</label>
        <input
          id="webhook-url"
          type="text"
          placeholder="https://hooks.example.com/signpost"
          value={url}
          onInput={(e) => setUrl(e.currentTarget.value)}
        />
      </div>
      <fieldset class="plain-fieldset">
        <legend>Events</legend>
        <div class="row gap">
          {WEBHOOK_EVENTS.map((event) => (
            <label key={event} class="checkbox">
              <input
                type="checkbox"
                checked={events.includes(event)}
                onChange={(e) => toggle(event, e.currentTarget.checked)}
              />{' '}
              {event}
            </label>
          ))}
        </div>
      </fieldset>
      <div class="field">
        <label for="webhook-format">Format</label>
        <select
          id="webhook-format"
          value={format}
          onChange={(e) => setFormat(e.currentTarget.value as Webhook['format'])}
        >
          <option value="json">JSON (signed)</option>
          <option value="slack">Slack message</option>
        </select>
      </div>
      <button type="submit" class="btn">
        Add webhook
      </button>
    </form>
  );
}
