import { useState } from 'preact/hooks';
import { messageOf } from '../api/api-error.ts';
import { PROJECT } from '../api/endpoints.ts';
import { useCan } from '../auth/session-context.ts';
import { Link } from '../router/link.tsx';
import { navigate } from '../router/router.ts';
import { ConfirmDialog } from '../ui/confirm-dialog.tsx';
import { DeleteAction } from '../ui/delete-action.tsx';
import { fullTime } from '../ui/format.ts';
import { PageHeader } from '../ui/page-header.tsx';
import { ErrorNotice, Loading } from '../ui/status.tsx';
import { useResource } from '../ui/use-resource.ts';
import { describeMetric } from './experiment-draft.ts';
import { ExperimentResultsView } from './experiment-results.tsx';
import { ExperimentStatusBadge } from './experiment-status.tsx';
import { getExperiment, shipVariant, updateExperiment } from './experiments-api.ts';

type Pending = { kind: 'launch' } | { kind: 'stop' } | { kind: 'ship'; variant: string } | null;

export function ExperimentPage({ id }: { id: number }) {
  const experiment = useResource(() => getExperiment(id), [id]);
  const canEdit = useCan('experiment:write');
  const [pending, setPending] = useState<Pending>(null);
  const [notice, setNotice] = useState('');
  const [failure, setFailure] = useState('');
  const e = experiment.data;
  if (!e)
    return experiment.error ? (
      <ErrorNotice error={experiment.error} retry={experiment.reload} />
    ) : (
      <Loading />
    );

  const confirm = async () => {
    const action = pending;
    setPending(null);
    setFailure('');
    try {
      const now = new Date().toISOString();
      if (action?.kind === 'launch') {
        await updateExperiment(e.id, { start_date: now });
        setNotice('Launched: the flag is on and exposures are being counted.');
      } else if (action?.kind === 'stop') {
        await updateExperiment(e.id, { end_date: now });
        setNotice('Stopped: results are frozen at this moment. The flag keeps serving its split.');
      } else if (action?.kind === 'ship') {
        await shipVariant(e.id, action.variant);
        setNotice(`Shipped ${action.variant}: the flag now gives ${action.variant} to everyone it targets.`);
      }
      experiment.reload();
    } catch (error) {
      setFailure(messageOf(error));
    }
  };

  const actions = (
    <>
      {canEdit && e.status === 'draft' && (
        <button type="button" class="btn primary" onClick={() => setPending({ kind: 'launch' })}>
          Launch
        </button>
      )}
      {canEdit && e.status === 'draft' && (
        <button type="button" class="btn" onClick={() => navigate(`/experiments/${e.id}/edit`)}>
          Edit
        </button>
      )}
      {canEdit && e.status === 'running' && (
        <button type="button" class="btn danger" onClick={() => setPending({ kind: 'stop' })}>
          Stop
        </button>
      )}
      {canEdit && e.status !== 'running' && (
        <DeleteAction
          noun="experiment"
          name={e.name}
          path={`${PROJECT}/experiments/${e.id}/`}
          after="/experiments"
        >
          <p>Its results go with it. Its feature flag stays, serving what it serves now.</p>
        </DeleteAction>
      )}
    </>
  );
  const variants = e.parameters.feature_flag_variants;
  return (
    <>
      <div class="crumbs">
        <Link href="/experiments">Experiments</Link>
      </div>
      <PageHeader
        title={
          <>
            {e.name} <ExperimentStatusBadge experiment={e} />
          </>
        }
        subtitle={e.description ?? undefined}
        actions={actions}
      />
      {notice && (
        <div class="notice success" role="status">
          {notice}
        </div>
      )}
      {failure && (
        <div class="notice error" role="alert">
          {failure}
        </div>
      )}
      <section class="card experiment-summary">
        <dl class="facts">
          <dt>Feature flag</dt>
          <dd>
            {e.feature_flag ? (
              <Link href={`/feature_flags/${e.feature_flag.id}`} class="mono">
                {e.feature_flag_key}
              </Link>
            ) : (
              <span class="mono">{e.feature_flag_key}</span>
            )}
          </dd>
          <dt>Variants</dt>
          <dd>{variants.map((v) => `${v.key} ${v.rollout_percentage}%`).join(' · ')}</dd>
          <dt>Primary metric</dt>
          <dd>{e.metrics[0] ? describeMetric(e.metrics[0]) : 'None'}</dd>
          {e.metrics_secondary.length > 0 && (
            <>
              <dt>Secondary metrics</dt>
              <dd>{e.metrics_secondary.map(describeMetric).join('; ')}</dd>
            </>
          )}
          <dt>Holdout</dt>
          <dd>
            {e.holdout
              ? `${e.holdout.exclusion_percentage}% of users see control and are not analysed`
              : 'None'}
          </dd>
          <dt>Dates</dt>
          <dd>
            {e.start_date ? `Started ${fullTime(e.start_date)}` : 'Not launched'}
            {e.end_date ? ` · stopped ${fullTime(e.end_date)}` : ''}
          </dd>
        </dl>
      </section>
      {e.status === 'draft' ? (
        <section class="empty">
          <h2>Ready to launch</h2>
          <p class="muted">
            Launching switches the flag on. Users are then split between the variants, and each one's first{' '}
            <code>$feature_flag_called</code> event for <span class="mono">{e.feature_flag_key}</span> counts
            as their exposure.
          </p>
        </section>
      ) : (
        <ExperimentResultsView
          key={`${e.status}-${e.shipped_variant ?? ''}`}
          experiment={e}
          onShip={(variant) => setPending({ kind: 'ship', variant })}
        />
      )}
      <ConfirmDialog
        open={pending !== null}
        title={
          pending?.kind === 'launch'
            ? 'Launch this experiment?'
            : pending?.kind === 'stop'
              ? 'Stop this experiment?'
              : `Ship ${pending?.kind === 'ship' ? pending.variant : ''}?`
        }
        confirmLabel={
          pending?.kind === 'launch' ? 'Launch' : pending?.kind === 'stop' ? 'Stop' : 'Ship variant'
        }
        danger={pending?.kind === 'stop'}
        onConfirm={confirm}
        onCancel={() => setPending(null)}
      >
        {pending?.kind === 'launch' && (
          <p>
            The flag {e.feature_flag_key} is switched on and users start being split between the variants.
          </p>
        )}
        {pending?.kind === 'stop' && (
          <p>Results stop counting new events. The flag keeps serving its split.</p>
        )}
        {pending?.kind === 'ship' && (
          <p>
            Every user the flag targets will get <strong>{pending.variant}</strong> (100%), the holdout ends
            and the experiment stops.
          </p>
        )}
      </ConfirmDialog>
    </>
  );
}
