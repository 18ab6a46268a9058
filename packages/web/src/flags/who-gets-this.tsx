import { useState } from 'preact/hooks';
import { messageOf } from '../api/api-error.ts';
import { evaluateFlags } from '../api/endpoints.ts';
import type { FlagDecision } from '../api/types.ts';
import { useSession } from '../auth/session-context.ts';

/** Asks the real /flags endpoint what one distinct id gets, and why. */
export function WhoGetsThis({ flagKey }: { flagKey: string }) {
  const { project } = useSession();
  const [distinctId, setDistinctId] = useState('');
  const [result, setResult] = useState<{ id: string; decision: FlagDecision | undefined } | null>(null);
  const [error, setError] = useState<string | null>(null);

  const check = async (e: Event) => {
    e.preventDefault();
    setError(null);
    try {
      const flags = await evaluateFlags(project.api_token, distinctId.trim());
      setResult({ id: distinctId.trim(), decision: flags[flagKey] });
    } catch (err) {
      setError(messageOf(err));
    }
  };

  const d = result?.decision;
  return (
    <section class="card" aria-labelledby="who-title">
      <h2 id="who-title">Who gets this?</h2>
      <form class="inline-form" onSubmit={check}>
        <div class="field grow">
          <label for="who-distinct-id">Distinct id</label>
          <input
            id="who-distinct-id"
            required
            placeholder="user-123"
            value={distinctId}
            onInput={(e) => setDistinctId(e.currentTarget.value)}
          />
        </div>
        <button type="submit" class="btn">
          Evaluate
        </button>
      </form>
      {error && (
        <div class="notice error" role="alert">
          {error}
        </div>
      )}
      {result && (
        <div class="decision" data-testid="decision" role="status">
          <span class={d?.enabled ? 'badge success' : 'badge'}>
            {d === undefined ? 'not evaluated' : d.enabled ? (d.variant ?? 'true') : 'false'}
          </span>{' '}
          for <code>{result.id}</code>
          <div class="muted">
            {d === undefined
              ? 'This flag is disabled or not served to SDKs, so /flags leaves it out.'
              : d.failed
                ? 'The server could not evaluate it (see the server log).'
                : d.reason?.description}
          </div>
        </div>
      )}
    </section>
  );
}
