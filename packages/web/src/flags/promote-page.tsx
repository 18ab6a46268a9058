import { useState } from 'preact/hooks';
import { ApiError, messageOf } from '../api/api-error.ts';
import { useCan } from '../auth/session-context.ts';
import { environmentDiff, type FlagDiff, promoteFlags } from '../environments/environments-api.ts';
import { defaultPromotion, environmentTitle, sortEnvironments } from '../environments/production.ts';
import { useWorkspace } from '../environments/workspace-context.ts';
import { Link } from '../router/link.tsx';
import { PageHeader } from '../ui/page-header.tsx';
import { ErrorNotice, Loading } from '../ui/status.tsx';
import { useResource } from '../ui/use-resource.ts';
import { FlagDiffItem } from './flag-diff-item.tsx';

/** `/feature_flags/promote`: what differs between two environments, and copying chosen flags' settings across. */
export function PromotePage() {
  const { current } = useWorkspace();
  const canEdit = useCan('feature_flag:write');
  const environments = sortEnvironments(current.environments);
  const start = defaultPromotion(environments, current.id);
  const [from, setFrom] = useState(start?.from ?? 0);
  const [to, setTo] = useState(start?.to ?? 0);
  const [picked, setPicked] = useState<ReadonlySet<number>>(new Set());
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: FlagDiff[] } | { held: string[] } | { error: string } | null>(
    null,
  );
  const diff = useResource(
    () => (start && from !== to ? environmentDiff(from, to) : Promise.resolve(null)),
    [from, to],
  );
  const nameOf = (id: number) => environments.find((e) => e.id === id)?.name ?? String(id);

  const choose = (side: 'from' | 'to', id: number) => {
    (side === 'from' ? setFrom : setTo)(id);
    setPicked(new Set());
    setOutcome(null);
  };

  const promote = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setOutcome(null);
    try {
      const answer = await promoteFlags(from, to, [...picked], reason.trim());
      // An environment that needs approvals holds each flag's change as a request (answered 202).
      const held = answer.change_requests ?? [];
      setOutcome(held.length > 0 ? { held: held.map((r) => r.flag_key) } : { ok: answer.promoted });
      setPicked(new Set());
      setReason('');
      diff.reload();
    } catch (err) {
      // The server names the flag and the field that stopped it (attr); both go on screen as it says them.
      const field = err instanceof ApiError && err.attr ? ` (${err.attr})` : '';
      setOutcome({ error: `${messageOf(err)}${field}` });
    } finally {
      setBusy(false);
    }
  };

  const header = (
    <>
      <p class="crumbs">
        <Link href="/feature_flags">Feature flags</Link> /
      </p>
      <PageHeader
        title="Compare and promote"
        subtitle="Copy flags' switches and release conditions from one environment to another."
      />
    </>
  );
  if (!start) {
    return (
      <>
        {header}
        <p class="muted">
          This project has one environment. Add another under Settings to promote between them.
        </p>
      </>
    );
  }
  const flags = diff.data?.flags ?? [];
  const pick = (id: number, on: boolean) => {
    const next = new Set(picked);
    if (on) next.add(id);
    else next.delete(id);
    setPicked(next);
  };
  const side = (label: string, value: number, set: (id: number) => void) => (
    <div class="field">
      <label for={`promote-${label}`}>{label}</label>
      <select
        id={`promote-${label}`}
        value={String(value)}
        onChange={(e) => set(Number(e.currentTarget.value))}
      >
        {environments.map((env) => (
          <option key={env.id} value={String(env.id)}>
            {environmentTitle(env)}
          </option>
        ))}
      </select>
    </div>
  );

  return (
    <>
      {header}
      <section class="card">
        <div class="inline-form">
          {side('From', from, (id) => choose('from', id))}
          {side('To', to, (id) => choose('to', id))}
        </div>
        {from === to && <p class="muted">Choose two different environments.</p>}
        {diff.error ? <ErrorNotice error={diff.error} retry={diff.reload} /> : null}
        {diff.loading && !diff.data && <Loading />}
        {diff.data && flags.length === 0 && (
          <p class="muted" data-testid="no-differences">
            Every flag is set the same in {nameOf(from)} and {nameOf(to)}.
          </p>
        )}
        {flags.map((f) => (
          <FlagDiffItem
            key={f.id}
            flag={f}
            fromName={nameOf(from)}
            toName={nameOf(to)}
            checked={picked.has(f.id)}
            onCheck={(on) => pick(f.id, on)}
          />
        ))}
      </section>
      {outcome && 'error' in outcome && (
        <div class="notice error" role="alert">
          {outcome.error}
        </div>
      )}
      {outcome && 'ok' in outcome && (
        <div class="notice success" role="status">
          Promoted to {nameOf(to)}: {outcome.ok.map((f) => f.key).join(', ') || 'nothing'}.
        </div>
      )}
      {outcome && 'held' in outcome && (
        <div class="notice" role="status">
          {nameOf(to)} needs approvals: {outcome.held.join(', ')} wait as change requests.{' '}
          <Link href="/change_requests">Review change requests</Link>
        </div>
      )}
      {canEdit && flags.length > 0 && (
        <form class="card" aria-label="Promote" onSubmit={promote}>
          <div class="field">
            <label for="promote-reason">Reason (kept in the activity log)</label>
            <input
              id="promote-reason"
              required
              maxLength={500}
              value={reason}
              onInput={(e) => setReason(e.currentTarget.value)}
            />
          </div>
          <button type="submit" class="btn primary" disabled={busy || picked.size === 0 || !reason.trim()}>
            {busy
              ? 'Promoting…'
              : `Promote ${picked.size} flag${picked.size === 1 ? '' : 's'} to ${nameOf(to)}`}
          </button>
        </form>
      )}
    </>
  );
}
