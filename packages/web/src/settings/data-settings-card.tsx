import { useState } from 'preact/hooks';
import { ApiError, messageOf } from '../api/api-error.ts';
import { ErrorNotice, Loading } from '../ui/status.tsx';
import { useResource } from '../ui/use-resource.ts';
import {
  type DataSettings,
  getDataSettings,
  getDataUsage,
  type IpHandling,
  saveDataSettings,
} from './data-settings-api.ts';
import { DataUsageChart } from './data-usage-chart.tsx';

/** Data size and growth, and the data controls: ip handling, personal keys, retention, rollups, stale days. */
export function DataSettingsCard({ canEdit }: { canEdit: boolean }) {
  const settings = useResource(getDataSettings, []);
  const usage = useResource(getDataUsage, []);
  return (
    <section class="card" aria-labelledby="data-settings-title">
      <h2 id="data-settings-title">Data retention &amp; personal data</h2>
      {usage.data ? <DataUsageChart usage={usage.data} /> : usage.error ? null : <Loading />}
      {!canEdit && <p class="muted">Only admins change how data is kept.</p>}
      {settings.error && !settings.data && <ErrorNotice error={settings.error} retry={settings.reload} />}
      {settings.data && (
        <fieldset class="plain-fieldset" disabled={!canEdit}>
          <DataSettingsForm initial={settings.data} onSaved={usage.reload} />
        </fieldset>
      )}
    </section>
  );
}

const keysOf = (text: string) =>
  text
    .split(/[\n,]/)
    .map((k) => k.trim())
    .filter((k) => k.length > 0);

function DataSettingsForm({ initial, onSaved }: { initial: DataSettings; onSaved: () => void }) {
  const [ip, setIp] = useState<IpHandling>(initial.ip_handling);
  const [keys, setKeys] = useState(initial.personal_property_keys.join(', '));
  const [retention, setRetention] = useState(initial.event_retention_days?.toString() ?? '');
  const [rollups, setRollups] = useState(initial.rollups_enabled);
  const [staleDays, setStaleDays] = useState(String(initial.stale_days));
  const [state, setState] = useState<'idle' | 'saving' | 'saved'>('idle');
  const [error, setError] = useState<{ message: string; attr: string | null } | null>(null);
  const edited = () => setState('idle');

  const save = async (e: Event) => {
    e.preventDefault();
    setError(null);
    setState('saving');
    try {
      await saveDataSettings({
        ip_handling: ip,
        personal_property_keys: keysOf(keys),
        // Empty keeps events forever; the server refuses less than a day with its own message.
        event_retention_days: retention.trim() === '' ? null : Number(retention),
        rollups_enabled: rollups,
        stale_days: Number(staleDays),
      });
      setState('saved');
      onSaved();
    } catch (err) {
      setError({ message: messageOf(err), attr: err instanceof ApiError ? err.attr : null });
      setState('idle');
    }
  };

  return (
    <form onSubmit={save} aria-label="Data controls">
      <div class="form-grid">
        <div class="field">
          <label for="data-ip">IP addresses ($ip)</label>
          <select
            id="data-ip"
            value={ip}
            onChange={(e) => {
              setIp(e.currentTarget.value as IpHandling);
              edited();
            }}
          >
            <option value="keep">Keep</option>
            <option value="truncate">Truncate (zero the last octet / last 80 bits)</option>
            <option value="drop">Drop</option>
          </select>
        </div>
        <div class="field">
          <label for="data-keys">Personal property keys</label>
          <input
            id="data-keys"
            value={keys}
            placeholder="email, phone"
            aria-describedby="data-keys-hint"
            onInput={(e) => {
              setKeys(e.currentTarget.value);
              edited();
            }}
          />
          <span id="data-keys-hint" class="hint">
            Masked in exports and removed when a person is anonymised. Comma-separated.
          </span>
        </div>
        <div class="field">
          <label for="data-retention">Keep events for (days)</label>
          <input
            id="data-retention"
            type="number"
            value={retention}
            placeholder="forever"
            aria-invalid={error?.attr === 'event_retention_days'}
            onInput={(e) => {
              setRetention(e.currentTarget.value);
              edited();
            }}
          />
        </div>
        <div class="field">
          <label for="data-stale">Stale flag after (days)</label>
          <input
            id="data-stale"
            type="number"
            min={1}
            value={staleDays}
            onInput={(e) => {
              setStaleDays(e.currentTarget.value);
              edited();
            }}
          />
        </div>
        <label class="check">
          <input
            type="checkbox"
            checked={rollups}
            onChange={(e) => {
              setRollups(e.currentTarget.checked);
              edited();
            }}
          />{' '}
          Keep daily counts (rollups) of expired events
        </label>
      </div>
      <button type="submit" class="btn primary" disabled={state === 'saving'}>
        {state === 'saving' ? 'Saving…' : 'Save data controls'}
      </button>
      {error && (
        <div class="notice error" role="alert">
          {error.message}
        </div>
      )}
      {state === 'saved' && !error && (
        <div class="notice success" role="status">
          Saved.
        </div>
      )}
    </form>
  );
}
