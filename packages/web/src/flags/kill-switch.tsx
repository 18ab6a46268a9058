import { useState } from 'preact/hooks';
import { messageOf } from '../api/api-error.ts';
import type { Flag } from '../api/types.ts';
import type { Environment } from '../environments/environments-api.ts';
import { environmentTitle } from '../environments/production.ts';
import { ConfirmDialog } from '../ui/confirm-dialog.tsx';
import { Toggle } from '../ui/toggle.tsx';

/** The flag's on/off switch; both directions ask first, since either changes what every user sees. */
export function KillSwitch({
  flag,
  onChange,
  disabled,
  environment,
}: {
  flag: Flag;
  /** The environment the switch acts in, named in the question (production in capitals). */
  environment?: Environment;
  onChange: (active: boolean) => Promise<unknown>;
  /** The member's role cannot change flags: the state shows, the switch does not move. */
  disabled?: boolean;
}) {
  const [asking, setAsking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const turningOff = flag.active;
  const where = environment ? ` in ${environmentTitle(environment)}` : '';
  const confirm = async () => {
    setAsking(false);
    try {
      await onChange(!flag.active);
    } catch (e) {
      setError(messageOf(e));
    }
  };
  return (
    <>
      <Toggle
        checked={flag.active}
        label={`Enable ${flag.key}`}
        disabled={disabled}
        onChange={() => setAsking(true)}
      />
      {error && (
        <span class="error-text" role="alert">
          {error}
        </span>
      )}
      <ConfirmDialog
        open={asking}
        title={turningOff ? `Disable ${flag.key}${where}?` : `Enable ${flag.key}${where}?`}
        confirmLabel={turningOff ? 'Disable flag' : 'Enable flag'}
        danger={turningOff}
        onConfirm={() => void confirm()}
        onCancel={() => setAsking(false)}
      >
        {turningOff
          ? 'Every user gets false from now on, whatever the release conditions say. SDKs pick this up on their next poll.'
          : 'Users matching the release conditions start getting this flag again.'}
      </ConfirmDialog>
    </>
  );
}
