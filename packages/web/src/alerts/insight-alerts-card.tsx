import { useState } from 'preact/hooks';
import { messageOf } from '../api/api-error.ts';
import { ResourceList } from '../ui/resource-list.tsx';
import { useResource } from '../ui/use-resource.ts';
import { createAlert, deleteAlert, type InsightAlert, listAlerts } from './alerts-api.ts';
import { CheckStateLine } from './check-state.tsx';

type Kind = 'above' | 'below' | 'change';

const describe = (a: InsightAlert) => {
  const { lower, upper } = a.threshold.configuration.bounds;
  if (a.condition.type === 'absolute_value')
    return upper !== null ? `value above ${upper}` : `value below ${lower}`;
  const pct = a.threshold.configuration.type === 'percentage';
  return `${a.condition.type === 'relative_increase' ? 'rises' : 'falls'} by more than ${pct ? `${(upper ?? 0) * 100}%` : upper}`;
};

/**
 * A saved trends insight's alerts: the condition is read on the latest complete interval, on a schedule; an
 * alert can turn a flag off when it fires (the kill switch without a human in the loop).
 */
export function InsightAlertsCard({ insightId }: { insightId: number }) {
  const alerts = useResource(() => listAlerts(insightId), [insightId]);
  const [kind, setKind] = useState<Kind>('above');
  const [value, setValue] = useState('');
  const [flag, setFlag] = useState('');
  const [error, setError] = useState<string | null>(null);
  const act = async (work: () => Promise<unknown>) => {
    setError(null);
    try {
      await work();
    } catch (e) {
      setError(messageOf(e));
    }
    alerts.reload();
  };
  const body = () => {
    const n = value.trim() === '' ? null : Number(value);
    const bounds = kind === 'below' ? { lower: n } : { upper: kind === 'change' && n !== null ? n / 100 : n };
    return {
      insight: insightId,
      condition: { type: kind === 'change' ? 'relative_increase' : 'absolute_value' },
      threshold: { configuration: { type: kind === 'change' ? 'percentage' : 'absolute', bounds } },
      ...(flag.trim() ? { action: { type: 'disable_flag', flag: Number(flag) } } : {}),
    };
  };
  const list = alerts.data ?? [];
  return (
    <section class="card" aria-labelledby="alerts-title">
      <h2 id="alerts-title">Alerts</h2>
      <ResourceList
        resource={alerts}
        count={list.length}
        empty={<p class="muted">No alerts on this insight.</p>}
      >
        <ul class="plain row-list" aria-label="Alerts">
          {list.map((a) => (
            <li key={a.id} class="row gap">
              <strong>{a.name}</strong> <span>{describe(a)}</span>
              {a.action && <span class="badge">turns flag {a.action.flag} off</span>}
              <CheckStateLine check={a} />
              <button
                type="button"
                class="btn small danger"
                onClick={() => void act(() => deleteAlert(a.id))}
              >
                Delete
              </button>
            </li>
          ))}
        </ul>
      </ResourceList>
      <form
        aria-label="Add alert"
        class="row gap"
        onSubmit={(e) => {
          e.preventDefault();
          void act(async () => {
            await createAlert(body());
            setValue('');
          });
        }}
      >
        <label>
          Condition{' '}
          <select value={kind} onChange={(e) => setKind(e.currentTarget.value as Kind)}>
            <option value="above">Value above</option>
            <option value="below">Value below</option>
            <option value="change">Rises by more than (%)</option>
          </select>
        </label>
        <label>
          Threshold <input type="number" value={value} onInput={(e) => setValue(e.currentTarget.value)} />
        </label>
        <label>
          Turn off flag (id, optional){' '}
          <input type="number" value={flag} onInput={(e) => setFlag(e.currentTarget.value)} />
        </label>
        <button type="submit" class="btn">
          Add alert
        </button>
      </form>
      {error && (
        <div class="notice error" role="alert">
          {error}
        </div>
      )}
    </section>
  );
}
