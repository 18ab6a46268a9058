import { useState } from 'preact/hooks';
import { messageOf } from '../api/api-error.ts';
import { valueLines } from '../environments/difference-text.ts';
import type { FlagInEnvironment } from '../environments/environments-api.ts';
import { toggleQuestion } from '../environments/production.ts';
import { ConfirmDialog } from '../ui/confirm-dialog.tsx';
import { Toggle } from '../ui/toggle.tsx';
import { rolloutSummary } from './rollout-summary.ts';

/** One environment's settings of a flag: its own switch, who gets it, and its conditions. */
export function EnvironmentColumn({
  flagKey,
  settings,
  current,
  disabled,
  onToggle,
}: {
  flagKey: string;
  settings: FlagInEnvironment;
  /** The environment the header switcher is on: marked, since the page's other panels show its data. */
  current: boolean;
  disabled: boolean;
  onToggle: (active: boolean) => Promise<unknown>;
}) {
  const env = settings.environment;
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const question = toggleQuestion(flagKey, env, !settings.active);

  const apply = async () => {
    setAsking(false);
    setBusy(true);
    setError(null);
    try {
      await onToggle(!settings.active);
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div
      class={env.production ? 'env-column production' : 'env-column'}
      data-testid={`env-column-${env.name}`}
    >
      <header>
        <strong>
          {env.name}
          {current && <span class="muted small"> (current)</span>}
        </strong>
        {env.production && <span class="badge production-badge">PRODUCTION</span>}
      </header>
      <div class="row">
        <Toggle
          checked={settings.active}
          label={`${flagKey} in ${env.name}`}
          disabled={disabled || busy}
          onChange={() => (question.confirm ? setAsking(true) : void apply())}
        />
        <span data-testid="env-state">{settings.active ? 'On' : 'Off'}</span>
      </div>
      <p class="small">{rolloutSummary(settings.filters)}</p>
      <ul class="small muted">
        {valueLines('filters.groups', settings.filters.groups ?? []).map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
      {error && (
        <span class="error-text" role="alert">
          {error}
        </span>
      )}
      <ConfirmDialog
        open={asking}
        title={question.title}
        confirmLabel={question.action}
        danger
        onConfirm={() => void apply()}
        onCancel={() => setAsking(false)}
      >
        {question.body}
      </ConfirmDialog>
    </div>
  );
}
