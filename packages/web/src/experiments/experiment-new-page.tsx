import { useState } from 'preact/hooks';
import { messageOf } from '../api/api-error.ts';
import { PROJECT } from '../api/endpoints.ts';
import { get, query } from '../api/http.ts';
import type { Flag } from '../api/types.ts';
import { Link } from '../router/link.tsx';
import { navigate } from '../router/router.ts';
import { PageHeader } from '../ui/page-header.tsx';
import { ErrorNotice, Loading } from '../ui/status.tsx';
import { useResource } from '../ui/use-resource.ts';
import {
  createBody,
  draftFromExperiment,
  type ExperimentDraft,
  experimentProblems,
  newExperimentDraft,
  newMetric,
  updateBody,
} from './experiment-draft.ts';
import type { Experiment } from './experiment-types.ts';
import { createExperiment, getExperiment, updateExperiment } from './experiments-api.ts';
import { MetricEditor } from './metric-editor.tsx';
import { SplitEditor } from './split-editor.tsx';

/** `/experiments/:id/edit`: a draft experiment in the same form, until it is launched. */
export function ExperimentEditPage({ id }: { id: number }) {
  const experiment = useResource(() => getExperiment(id), [id]);
  if (experiment.error) return <ErrorNotice error={experiment.error} retry={experiment.reload} />;
  if (!experiment.data) return <Loading />;
  if (experiment.data.status !== 'draft')
    return (
      <div class="notice" role="alert">
        A launched experiment keeps its setup: its results depend on it.{' '}
        <Link href={`/experiments/${id}`}>Back to the experiment</Link>
      </div>
    );
  return <ExperimentNewPage existing={experiment.data} />;
}

export function ExperimentNewPage({ existing }: { existing?: Experiment } = {}) {
  const [draft, setDraft] = useState<ExperimentDraft>(() =>
    existing ? draftFromExperiment(existing) : newExperimentDraft(),
  );
  const [tried, setTried] = useState(false);
  const [failure, setFailure] = useState('');
  const [saving, setSaving] = useState(false);
  const flags = useResource(
    () => get<{ results: Flag[] }>(`${PROJECT}/feature_flags/${query({ limit: 500 })}`),
    [],
  );
  const multivariate = (flags.data?.results ?? []).filter(
    (f) => (f.filters.multivariate?.variants.length ?? 0) >= 2,
  );
  const problems = tried ? experimentProblems(draft) : {};
  const set = (patch: Partial<ExperimentDraft>) => setDraft((d) => ({ ...d, ...patch }));

  const submit = async (event: Event) => {
    event.preventDefault();
    setTried(true);
    if (Object.keys(experimentProblems(draft)).length > 0) return;
    setSaving(true);
    setFailure('');
    try {
      const saved = existing
        ? await updateExperiment(existing.id, updateBody(draft))
        : await createExperiment(createBody(draft));
      navigate(`/experiments/${saved.id}`);
    } catch (error) {
      setFailure(messageOf(error));
    } finally {
      setSaving(false);
    }
  };

  return (
    <>
      <div class="crumbs">
        <Link href="/experiments">Experiments</Link>
      </div>
      <PageHeader
        title={existing ? `Edit ${existing.name}` : 'New experiment'}
        subtitle="Saved as a draft; the flag stays off until you launch."
      />
      <form class="experiment-form" onSubmit={submit} noValidate>
        <section class="card">
          <div class="field">
            <label for="experiment-name">Name</label>
            <input
              id="experiment-name"
              value={draft.name}
              aria-invalid={Boolean(problems.name)}
              onInput={(e) => set({ name: e.currentTarget.value })}
            />
            {problems.name && <div class="error-text">{problems.name}</div>}
          </div>
          <div class="field">
            <label for="experiment-description">Hypothesis (optional)</label>
            <input
              id="experiment-description"
              placeholder="e.g. A bigger export button makes more users export"
              value={draft.description}
              onInput={(e) => set({ description: e.currentTarget.value })}
            />
          </div>
        </section>
        <section class="card" aria-labelledby="flag-title">
          <h2 id="flag-title">Feature flag</h2>
          {existing ? (
            <>
              <p>
                <span class="mono">{existing.feature_flag_key}</span>{' '}
                <span class="muted">(an experiment keeps its flag)</span>
              </p>
              <SplitEditor
                variants={draft.variants}
                error={problems.variants}
                onChange={(variants) => set({ variants })}
              />
            </>
          ) : (
            <>
              <div class="row gap" role="radiogroup" aria-label="Flag">
                <label class="radio">
                  <input
                    type="radio"
                    checked={draft.flagMode === 'new'}
                    onChange={() => set({ flagMode: 'new' })}
                  />
                  Create a new flag
                </label>
                <label class="radio">
                  <input
                    type="radio"
                    checked={draft.flagMode === 'existing'}
                    onChange={() => set({ flagMode: 'existing' })}
                  />
                  Use an existing multivariate flag
                </label>
              </div>
              {draft.flagMode === 'new' ? (
                <>
                  <div class="field">
                    <label for="experiment-flag-key">Flag key</label>
                    <input
                      id="experiment-flag-key"
                      class="mono"
                      placeholder="e.g. export-button-test"
                      value={draft.flagKey}
                      aria-invalid={Boolean(problems.flagKey)}
                      onInput={(e) => set({ flagKey: e.currentTarget.value })}
                    />
                    {problems.flagKey && <div class="error-text">{problems.flagKey}</div>}
                  </div>
                  <SplitEditor
                    variants={draft.variants}
                    error={problems.variants}
                    onChange={(variants) => set({ variants })}
                  />
                </>
              ) : (
                <div class="field">
                  <label for="experiment-existing-flag">Flag</label>
                  <select
                    id="experiment-existing-flag"
                    value={draft.existingFlagKey}
                    onChange={(e) => set({ existingFlagKey: e.currentTarget.value })}
                  >
                    <option value="">Choose a flag…</option>
                    {multivariate.map((f) => (
                      <option key={f.id} value={f.key}>
                        {f.key} (
                        {f.filters.multivariate?.variants
                          .map((v) => `${v.key} ${v.rollout_percentage}%`)
                          .join(', ')}
                        )
                      </option>
                    ))}
                  </select>
                  {multivariate.length === 0 && flags.data && (
                    <p class="hint">No multivariate flag yet: create a new one here instead.</p>
                  )}
                  {problems.flagKey && <div class="error-text">{problems.flagKey}</div>}
                </div>
              )}
            </>
          )}
        </section>
        <section class="card" aria-labelledby="metrics-title">
          <h2 id="metrics-title">Metrics</h2>
          <MetricEditor
            id="primary"
            label="Primary metric"
            metric={draft.primary}
            problems={problems}
            onChange={(primary) => set({ primary })}
          />
          {draft.secondary.map((m, i) => (
            <div key={i} class="row gap">
              <MetricEditor
                id={`secondary-${i}`}
                label={`Secondary metric ${i + 1}`}
                metric={m}
                problems={problems}
                onChange={(next) => set({ secondary: draft.secondary.map((x, j) => (j === i ? next : x)) })}
              />
              <button
                type="button"
                class="btn small ghost"
                aria-label={`Remove secondary metric ${i + 1}`}
                onClick={() => set({ secondary: draft.secondary.filter((_, j) => j !== i) })}
              >
                ✕
              </button>
            </div>
          ))}
          <button
            type="button"
            class="btn small"
            onClick={() => set({ secondary: [...draft.secondary, newMetric('count')] })}
          >
            + Add secondary metric
          </button>
        </section>
        <section class="card">
          <div class="field">
            <label for="experiment-holdout">Holdout % (optional)</label>
            <input
              id="experiment-holdout"
              type="number"
              min={0}
              max={99}
              class="pct"
              placeholder="none"
              value={draft.holdout}
              aria-invalid={Boolean(problems.holdout)}
              onInput={(e) => set({ holdout: e.currentTarget.value })}
            />
            <p class="hint">Users held out see the control and are left out of the comparison.</p>
            {problems.holdout && <div class="error-text">{problems.holdout}</div>}
          </div>
        </section>
        {failure && (
          <div class="notice error" role="alert">
            {failure}
          </div>
        )}
        <div class="row gap">
          <button type="submit" class="btn primary" disabled={saving}>
            {saving ? 'Saving…' : 'Save draft'}
          </button>
          <Link href={existing ? `/experiments/${existing.id}` : '/experiments'} class="btn">
            Cancel
          </Link>
        </div>
      </form>
    </>
  );
}
