import { useState } from 'preact/hooks';
import { PROJECT } from '../api/endpoints.ts';
import { patch, post } from '../api/http.ts';
import type { Cohort } from '../api/types.ts';
import { FilterRow } from '../flags/filter-row.tsx';
import { emptyFilter } from '../flags/flag-draft.ts';
import { toFilterValue, valueProblem } from '../flags/operators.ts';
import { Link } from '../router/link.tsx';
import { navigate } from '../router/router.ts';
import { PageHeader } from '../ui/page-header.tsx';
import { ErrorNotice } from '../ui/status.tsx';
import {
  type BehavioralDraft,
  behavioralProblem,
  emptyBehavioral,
  toBehavioralLeaf,
} from './behavioral-draft.ts';
import { BehavioralRow } from './behavioral-row.tsx';
import type { RowDraft } from './cohort-draft.ts';

type Mode = 'dynamic' | 'static';
const isBehavioral = (r: RowDraft): r is BehavioralDraft => 'kind' in r;

const filterProblem = (f: RowDraft) => {
  if (isBehavioral(f)) return behavioralProblem(f);
  return f.key.trim() ? valueProblem(f.operator, f.valueType, f.value) : 'Enter a property name.';
};

export function CohortNewPage() {
  return <CohortEditor />;
}

/**
 * Creates a cohort, or edits one (`existing` with its definition read back as `groups`): a static cohort's
 * members come from its CSV, so only its name and description change here.
 */
export function CohortEditor({ existing, groups: initial }: { existing?: Cohort; groups?: RowDraft[][] }) {
  const [mode, setMode] = useState<Mode>(existing?.is_static ? 'static' : 'dynamic');
  const [name, setName] = useState(existing?.name ?? '');
  const [description, setDescription] = useState(existing?.description ?? '');
  // Groups are OR-ed; the filters inside a group are AND-ed (PostHog's property groups).
  const [groups, setGroups] = useState<RowDraft[][]>(initial ?? [[emptyFilter()]]);
  const [file, setFile] = useState<File | null>(null);
  const [error, setError] = useState<unknown>();
  const [checked, setChecked] = useState(false);

  const problems = Object.fromEntries(
    groups.flatMap((filters, g) =>
      filters.flatMap((f, i) => {
        const p = filterProblem(f);
        return p ? [[`filter-${g}-${i}`, p]] : [];
      }),
    ),
  );
  const setGroup = (g: number, filters: RowDraft[]) =>
    setGroups(
      groups
        .map((x, j) => (j === g ? filters : x))
        .filter((x, j) => x.length > 0 || (j === 0 && groups.length === 1)),
    );

  const save = async (e: Event) => {
    e.preventDefault();
    setChecked(true);
    setError(undefined);
    try {
      let cohort: Cohort;
      if (existing?.is_static) {
        cohort = await patch<Cohort>(`${PROJECT}/cohorts/${existing.id}/`, { name, description });
      } else if (mode === 'static') {
        if (!file) throw new Error('Choose a CSV file of distinct ids.');
        const form = new FormData();
        form.set('name', name);
        form.set('description', description);
        form.set('csv', file);
        cohort = await post<Cohort>(`${PROJECT}/cohorts/`, form);
      } else {
        if (Object.keys(problems).length > 0) return;
        const values = groups.map((filters) => ({
          type: 'AND',
          values: filters.map((f) =>
            isBehavioral(f)
              ? toBehavioralLeaf(f)
              : {
                  key: f.key.trim(),
                  type: 'person',
                  operator: f.operator,
                  value: toFilterValue(f.operator, f.valueType, f.value),
                },
          ),
        }));
        const body = { name, description, filters: { properties: { type: 'OR', values } } };
        cohort = existing
          ? await patch<Cohort>(`${PROJECT}/cohorts/${existing.id}/`, body)
          : await post<Cohort>(`${PROJECT}/cohorts/`, body);
      }
      navigate(`/cohorts/${cohort.id}`);
    } catch (err) {
      setError(err);
    }
  };

  return (
    <form onSubmit={save} noValidate>
      <p class="crumbs">
        <Link href="/cohorts">Cohorts</Link> /
        {existing && (
          <>
            {' '}
            <Link href={`/cohorts/${existing.id}`}>{existing.name}</Link> /
          </>
        )}
      </p>
      <PageHeader
        title={existing ? 'Edit cohort' : 'New cohort'}
        actions={
          <button type="submit" class="btn primary">
            Save cohort
          </button>
        }
      />
      {error !== undefined && <ErrorNotice error={error} />}
      <section class="card form-grid">
        <div class="field">
          <label for="cohort-name">Name</label>
          <input id="cohort-name" required value={name} onInput={(e) => setName(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="cohort-description">Description</label>
          <input
            id="cohort-description"
            value={description}
            onInput={(e) => setDescription(e.currentTarget.value)}
          />
        </div>
      </section>
      <fieldset class="card">
        <legend>Members</legend>
        {existing ? null : (
          <div class="row gap">
            <label class="radio">
              <input
                type="radio"
                name="mode"
                checked={mode === 'dynamic'}
                onChange={() => setMode('dynamic')}
              />{' '}
              Persons matching properties
            </label>
            <label class="radio">
              <input
                type="radio"
                name="mode"
                checked={mode === 'static'}
                onChange={() => setMode('static')}
              />{' '}
              Upload a CSV of distinct ids
            </label>
          </div>
        )}
        {mode === 'dynamic' ? (
          <>
            {groups.map((filters, g) => (
              <fieldset key={g} class="filter-group" aria-label={`Group ${g + 1}`}>
                {g > 0 && <p class="strong small">OR</p>}
                {filters.map((f, i) => {
                  const rowId = `filter-${g}-${i}`;
                  const change = (next: RowDraft) =>
                    setGroup(
                      g,
                      filters.map((x, j) => (j === i ? next : x)),
                    );
                  const remove = () =>
                    setGroup(
                      g,
                      filters.filter((_, j) => j !== i),
                    );
                  const problem = checked ? problems[rowId] : undefined;
                  return isBehavioral(f) ? (
                    <BehavioralRow
                      key={i}
                      id={rowId}
                      draft={f}
                      problem={problem}
                      onChange={change}
                      onRemove={remove}
                    />
                  ) : (
                    <FilterRow
                      key={i}
                      id={rowId}
                      filter={f}
                      cohorts={[]}
                      subject="Person"
                      problem={problem}
                      onChange={change}
                      onRemove={remove}
                    />
                  );
                })}
                <div class="row gap">
                  <button
                    type="button"
                    class="btn small"
                    onClick={() => setGroup(g, [...filters, emptyFilter()])}
                  >
                    + Property filter{groups.length > 1 ? ` in group ${g + 1}` : ''}
                  </button>
                  <button
                    type="button"
                    class="btn small"
                    onClick={() => setGroup(g, [...filters, emptyBehavioral()])}
                  >
                    + Behavioural filter{groups.length > 1 ? ` in group ${g + 1}` : ''}
                  </button>
                </div>
              </fieldset>
            ))}
            <button type="button" class="btn small" onClick={() => setGroups([...groups, [emptyFilter()]])}>
              + OR group
            </button>
            <p class="muted small">
              A person is a member when every filter of at least one group matches. Behavioural filters count
              the events of all of a person's distinct ids; flags read them from a membership recomputed in
              the background.
            </p>
          </>
        ) : existing ? (
          <p class="muted">
            A static cohort holds the distinct ids of its uploaded CSV; they are not edited here.
          </p>
        ) : (
          <div class="field">
            <label for="cohort-csv">CSV file</label>
            <input
              id="cohort-csv"
              type="file"
              accept=".csv,text/csv,text/plain"
              onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)}
            />
            <span class="hint">One distinct id per line; a header row named distinct_id is skipped.</span>
          </div>
        )}
      </fieldset>
    </form>
  );
}
