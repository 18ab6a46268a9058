import type { CheckState } from './alerts-api.ts';

/** A check's state as a badge, with its last reading for people. */
export function CheckStateLine({ check }: { check: CheckState }) {
  const tone = check.state === 'Firing' ? 'danger' : check.state === 'Errored' ? 'warning' : '';
  return (
    <>
      <span class={`badge ${tone}`}>{check.state}</span>{' '}
      <span class="muted small">
        {check.last_checked_at
          ? `${check.last_message ?? ''} (checked ${check.last_checked_at.slice(0, 16).replace('T', ' ')})`
          : `not checked yet; every ${check.check_interval_minutes} min`}
      </span>
    </>
  );
}
