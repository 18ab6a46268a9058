import { useState } from 'preact/hooks';
import { messageOf } from '../api/api-error.ts';
import { ResourceList } from '../ui/resource-list.tsx';
import { useResource } from '../ui/use-resource.ts';
import { createGuardrail, deleteGuardrail, listGuardrails } from './alerts-api.ts';
import { CheckStateLine } from './check-state.tsx';

/**
 * A flag's guardrails: an event rate among users with the flag on (from `$feature/<key>` on their events) that
 * must stay below a line; a critical one turns the flag off when crossed, and the flag's history says why.
 */
export function GuardrailsCard({
  flagId,
  canEdit,
  version,
}: {
  flagId: number;
  canEdit: boolean;
  version: number;
}) {
  const guardrails = useResource(() => listGuardrails(flagId), [flagId, version]);
  const [event, setEvent] = useState('$exception');
  const [per, setPer] = useState('$pageview');
  const [threshold, setThreshold] = useState('');
  const [critical, setCritical] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const act = async (work: () => Promise<unknown>) => {
    setError(null);
    try {
      await work();
    } catch (e) {
      setError(messageOf(e));
    }
    guardrails.reload();
  };
  const list = guardrails.data ?? [];
  return (
    <section class="card" aria-labelledby="guardrails-title">
      <h2 id="guardrails-title">Guardrails</h2>
      <ResourceList resource={guardrails} count={list.length} empty={<p class="muted">No guardrails.</p>}>
        <ul class="plain row-list" aria-label="Guardrails">
          {list.map((g) => (
            <li key={g.id} class="row gap">
              {g.type === 'srm' ? (
                <span>Sample ratio of the variants: fails when p &lt; {g.threshold}</span>
              ) : (
                <span>
                  {g.event}
                  {g.denominator_event ? ` per ${g.denominator_event}` : ''} below {g.threshold} over{' '}
                  {g.window_minutes} min
                </span>
              )}
              {g.critical && <span class="badge danger">critical</span>}
              <CheckStateLine check={g} />
              {canEdit && (
                <button
                  type="button"
                  class="btn small danger"
                  onClick={() => void act(() => deleteGuardrail(flagId, g.id))}
                >
                  Delete
                </button>
              )}
            </li>
          ))}
        </ul>
      </ResourceList>
      {canEdit && (
        <form
          aria-label="Add guardrail"
          class="row gap"
          onSubmit={(e) => {
            e.preventDefault();
            void act(() =>
              createGuardrail(flagId, {
                event: event.trim(),
                denominator_event: per.trim() || null,
                threshold: threshold.trim() === '' ? null : Number(threshold),
                critical,
              }),
            );
          }}
        >
          <label>
            Event <input value={event} onInput={(e) => setEvent(e.currentTarget.value)} />
          </label>
          <label>
            Per event (blank: a count) <input value={per} onInput={(e) => setPer(e.currentTarget.value)} />
          </label>
          <label>
            Stays below{' '}
            <input
              type="number"
              step="any"
              value={threshold}
              onInput={(e) => setThreshold(e.currentTarget.value)}
            />
          </label>
          <label class="checkbox">
            <input
              type="checkbox"
              checked={critical}
              onChange={(e) => setCritical(e.currentTarget.checked)}
            />{' '}
            Critical: turn the flag off
          </label>
          <button type="submit" class="btn">
            Add guardrail
          </button>
        </form>
      )}
      {error && (
        <div class="notice error" role="alert">
          {error}
        </div>
      )}
    </section>
  );
}
