import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../api/api-error.ts';
import { PROJECT } from '../api/endpoints.ts';
import { get, patch, post } from '../api/http.ts';
import type { Cohort, Flag, GroupType } from '../api/types.ts';
import { ROLE_LABELS } from '../auth/permissions.ts';
import { useSession } from '../auth/session-context.ts';
import { type ChangeRequest, isChangeRequest } from '../change-requests/change-requests-api.ts';
import { visiblePropertyNames } from '../data-management/definitions-api.ts';
import { Link } from '../router/link.tsx';
import { navigate } from '../router/router.ts';
import { PageHeader } from '../ui/page-header.tsx';
import { ErrorNotice, Loading } from '../ui/status.tsx';
import { useResource } from '../ui/use-resource.ts';
import { ConditionEditor } from './condition-editor.tsx';
import { draftFromFlag, draftProblems, type FlagDraft, filtersFromDraft, newDraft } from './flag-draft.ts';
import { VariantsEditor } from './variants-editor.tsx';

interface Context {
  cohorts: Cohort[];
  groupTypes: GroupType[];
  propertyNames: string[];
}

async function loadContext(): Promise<Context> {
  const [cohorts, groupTypes, personKeys] = await Promise.all([
    get<{ results: Cohort[] }>(`${PROJECT}/cohorts/`),
    get<GroupType[]>(`${PROJECT}/groups_types`),
    // Every person property key ever seen (hidden ones left out), not only those of the latest persons.
    visiblePropertyNames('person'),
  ]);
  // Signpost's own `$…` keys stay out of the suggestions: flags target what the app sets.
  return {
    cohorts: cohorts.results,
    groupTypes,
    propertyNames: personKeys.filter((k) => !k.startsWith('$')),
  };
}

/** Create (no id) or edit a flag: key, release conditions with rollout sliders, variants and payloads. */
export function FlagEditPage({ id }: { id?: number }) {
  const existing = useResource(
    () => (id ? get<Flag>(`${PROJECT}/feature_flags/${id}/`) : Promise.resolve(undefined)),
    [id],
  );
  const context = useResource(loadContext, []);
  const { can, role } = useSession();
  const readOnly = !can('feature_flag:write');
  const [draft, setDraft] = useState<FlagDraft | null>(id ? null : newDraft());
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<unknown>();
  const [showProblems, setShowProblems] = useState(false);

  useEffect(() => {
    if (existing.data) setDraft(draftFromFlag(existing.data));
  }, [existing.data]);

  if (existing.error) return <ErrorNotice error={existing.error} retry={existing.reload} />;
  if (!draft) return <Loading />;
  const ctx = context.data ?? { cohorts: [], groupTypes: [], propertyNames: [] };
  const problems = draftProblems(draft);
  const visible = showProblems ? problems : {};
  const update = (patchDraft: Partial<FlagDraft>) => setDraft({ ...draft, ...patchDraft });
  const subject =
    draft.aggregation === null
      ? 'Person'
      : (ctx.groupTypes.find((g) => g.group_type_index === draft.aggregation)?.group_type ?? 'Group');

  const save = async (e: Event) => {
    e.preventDefault();
    setShowProblems(true);
    if (Object.keys(problems).length > 0) return;
    setSaving(true);
    setSaveError(undefined);
    const body = {
      key: draft.key,
      name: draft.name,
      active: draft.active,
      filters: filtersFromDraft(draft),
      is_remote_configuration: draft.remoteConfig,
    };
    try {
      const saved = id
        ? await patch<Flag | ChangeRequest>(`${PROJECT}/feature_flags/${id}/`, body)
        : await post<Flag>(`${PROJECT}/feature_flags/`, body);
      // Held for approval (202): the flag page says so instead of showing the change as made.
      if (isChangeRequest(saved)) navigate(`/feature_flags/${saved.flag_id}?change_request=${saved.id}`);
      else navigate(`/feature_flags/${saved.id}`);
    } catch (err) {
      setSaveError(err);
      setSaving(false);
    }
  };

  const keyProblem =
    visible.key ?? (saveError instanceof ApiError && saveError.attr === 'key' ? saveError.detail : undefined);
  return (
    <form onSubmit={save} noValidate>
      <p class="crumbs">
        <Link href="/feature_flags">Feature flags</Link> /
      </p>
      <PageHeader
        title={
          readOnly
            ? `${draft.key || 'New feature flag'} (read-only)`
            : id
              ? `Edit ${draft.key}`
              : 'New feature flag'
        }
        actions={
          <>
            <button type="button" class="btn" onClick={() => history.back()}>
              {readOnly ? 'Back' : 'Cancel'}
            </button>
            {!readOnly && (
              <button type="submit" class="btn primary" disabled={saving}>
                {saving ? 'Saving…' : 'Save'}
              </button>
            )}
          </>
        }
      />
      {readOnly && (
        <p class="notice read-only-note" role="note">
          You can read this flag's settings; your role{role ? ` (${ROLE_LABELS[role]})` : ''} cannot change
          them.
        </p>
      )}
      {/* A disabled fieldset makes every control inside read-only, so no edit is offered that would be refused. */}
      <fieldset class="bare-fieldset" disabled={readOnly}>
        {saveError !== undefined && <ErrorNotice error={saveError} />}
        {context.error ? <ErrorNotice error={context.error} retry={context.reload} /> : null}
        <datalist id="property-names">
          {ctx.propertyNames.map((n) => (
            <option key={n} value={n} />
          ))}
        </datalist>
        <section class="card form-grid">
          <div class="field">
            <label for="flag-key">Key</label>
            <input
              id="flag-key"
              class="mono"
              required
              placeholder="new-dashboard"
              aria-invalid={Boolean(keyProblem)}
              aria-describedby="flag-key-hint"
              value={draft.key}
              onInput={(e) => update({ key: e.currentTarget.value })}
            />
            <span id="flag-key-hint" class={keyProblem ? 'error-text' : 'hint'}>
              {keyProblem ?? 'What your code asks for. Letters, digits, - and _.'}
            </span>
          </div>
          <div class="field">
            <label for="flag-name">Description</label>
            <input
              id="flag-name"
              value={draft.name}
              onInput={(e) => update({ name: e.currentTarget.value })}
            />
          </div>
          <div class="field">
            <label for="flag-type">Served value</label>
            <select
              id="flag-type"
              value={draft.remoteConfig ? 'remote_config' : draft.multivariate ? 'multivariate' : 'boolean'}
              onChange={(e) => {
                const v = e.currentTarget.value;
                update({ multivariate: v === 'multivariate', remoteConfig: v === 'remote_config' });
              }}
            >
              <option value="boolean">Boolean (on or off)</option>
              <option value="multivariate">Multiple variants</option>
              <option value="remote_config">Remote config (one JSON payload for everyone)</option>
            </select>
          </div>
          {!draft.remoteConfig && (
            <div class="field">
              <label for="flag-aggregation">Match by</label>
              <select
                id="flag-aggregation"
                value={draft.aggregation === null ? '' : String(draft.aggregation)}
                onChange={(e) => {
                  const v = e.currentTarget.value;
                  update({
                    aggregation: v === '' ? null : Number(v),
                    // Cohorts are sets of persons, so they cannot target groups.
                    conditions: draft.conditions.map((c) => ({
                      ...c,
                      filters: c.filters.filter((f) => v === '' || f.type !== 'cohort'),
                    })),
                  });
                }}
              >
                <option value="">Persons</option>
                {ctx.groupTypes.map((g) => (
                  <option key={g.group_type_index} value={String(g.group_type_index)}>
                    Groups: {g.group_type}
                  </option>
                ))}
              </select>
            </div>
          )}
        </section>
        {draft.remoteConfig ? (
          <p class="muted">
            Served to everyone who asks: remote config has no targeting. SDKs read it with
            getRemoteConfigPayload (server SDKs, with a personal key) or getFeatureFlagPayload.
          </p>
        ) : (
          <>
            <h2 class="section-title">Release conditions</h2>
            <p class="muted">
              A user gets the flag when they match any one set. Within a set, every filter must match.
            </p>
            {draft.conditions.map((c, i) => (
              <ConditionEditor
                key={i}
                index={i}
                condition={c}
                cohorts={ctx.cohorts}
                subject={subject}
                problems={visible}
                canRemove={draft.conditions.length > 1}
                onChange={(next) =>
                  update({ conditions: draft.conditions.map((x, j) => (j === i ? next : x)) })
                }
                onRemove={() => update({ conditions: draft.conditions.filter((_, j) => j !== i) })}
              />
            ))}
            <button
              type="button"
              class="btn"
              onClick={() => update({ conditions: [...draft.conditions, { filters: [], rollout: 100 }] })}
            >
              + Condition set
            </button>
          </>
        )}
        {draft.multivariate && !draft.remoteConfig ? (
          <VariantsEditor draft={draft} problems={visible} onChange={(variants) => update({ variants })} />
        ) : (
          <section class="card">
            <div class="field">
              <label for="flag-payload">
                {draft.remoteConfig ? 'Payload (JSON)' : 'Payload (JSON, optional)'}
              </label>
              <textarea
                id="flag-payload"
                class="mono"
                rows={4}
                placeholder='{"theme": "dark"}'
                aria-invalid={Boolean(visible.payload)}
                value={draft.payload}
                onInput={(e) => update({ payload: e.currentTarget.value })}
              />
              <span class={visible.payload ? 'error-text' : 'hint'}>
                {visible.payload ??
                  'Sent with the flag when it is on; SDKs return it from getFeatureFlagPayload.'}
              </span>
            </div>
          </section>
        )}
        {showProblems && Object.keys(problems).length > 0 && (
          <div class="notice error" role="alert">
            Fix the highlighted fields to save.
          </div>
        )}
      </fieldset>
    </form>
  );
}
