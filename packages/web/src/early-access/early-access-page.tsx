import { useState } from 'preact/hooks';
import { PROJECT } from '../api/endpoints.ts';
import { del, get, patch } from '../api/http.ts';
import { Link } from '../router/link.tsx';
import { ConfirmDialog } from '../ui/confirm-dialog.tsx';
import { PageHeader } from '../ui/page-header.tsx';
import { ResourceList } from '../ui/resource-list.tsx';
import { ErrorNotice } from '../ui/status.tsx';
import { useResource } from '../ui/use-resource.ts';
import { EarlyAccessForm } from './early-access-form.tsx';
import {
  type EarlyAccessFeature,
  type EarlyAccessStage,
  STAGE_LABELS,
  STAGES,
} from './early-access-types.ts';

const BASE = `${PROJECT}/early_access_feature/`;

export function EarlyAccessPage() {
  const features = useResource(() => get<{ results: EarlyAccessFeature[] }>(BASE), []);
  const [deleting, setDeleting] = useState<EarlyAccessFeature | null>(null);
  const [error, setError] = useState<unknown>();
  const list = features.data?.results ?? [];

  const act = async (fn: () => Promise<unknown>) => {
    setError(undefined);
    try {
      await fn();
      features.reload();
    } catch (err) {
      setError(err);
    }
  };
  const setStage = (f: EarlyAccessFeature, stage: EarlyAccessStage) =>
    act(() => patch(`${BASE}${f.id}/`, { stage }));

  return (
    <>
      <PageHeader
        title="Early access"
        subtitle="Features people opt into from your app (posthog-js getEarlyAccessFeatures)."
      />
      <EarlyAccessForm onCreated={features.reload} />
      {error !== undefined && <ErrorNotice error={error} />}
      <ResourceList
        resource={features}
        count={list.length}
        empty={
          <section class="empty teach">
            <h2>No early access features yet</h2>
            <p class="muted">
              Each feature has a flag that is on for whoever opts in: posthog-js's{' '}
              <code>updateEarlyAccessFeatureEnrollment(flagKey, true)</code> sets the person property{' '}
              <code>$feature_enrollment/&lt;flagKey&gt;</code>. Concept, alpha, beta and general availability
              are listed to your app; at general availability the flag turns on for everyone who has not opted
              out.
            </p>
          </section>
        }
      >
        <table class="table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Flag</th>
              <th>Stage</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {list.map((f) => (
              <tr key={f.id}>
                <td>
                  <span class="strong">{f.name}</span>
                  {f.description && <div class="muted small">{f.description}</div>}
                </td>
                <td>
                  {f.feature_flag ? (
                    <Link href={`/feature_flags/${f.feature_flag.id}`}>
                      <code>{f.feature_flag.key}</code>
                    </Link>
                  ) : (
                    <span class="muted">deleted</span>
                  )}
                </td>
                <td>
                  <select
                    aria-label={`Stage of ${f.name}`}
                    value={f.stage}
                    onChange={(e) => setStage(f, e.currentTarget.value as EarlyAccessStage)}
                  >
                    {STAGES.map((s) => (
                      <option key={s} value={s}>
                        {STAGE_LABELS[s]}
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  <button type="button" class="btn small danger" onClick={() => setDeleting(f)}>
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ResourceList>
      <ConfirmDialog
        open={deleting !== null}
        title={`Delete "${deleting?.name ?? ''}"?`}
        confirmLabel="Delete feature"
        danger
        onCancel={() => setDeleting(null)}
        onConfirm={() => {
          const target = deleting;
          setDeleting(null);
          if (target) void act(() => del(`${BASE}${target.id}/`));
        }}
      >
        <p>
          It disappears from your app's list. Its flag stays, with everyone's opt-in answers; delete it on the
          flag's page if you no longer need it.
        </p>
      </ConfirmDialog>
    </>
  );
}
