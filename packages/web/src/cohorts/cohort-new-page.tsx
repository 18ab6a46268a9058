import { useState } from 'preact/hooks';
import { PROJECT } from '../api/endpoints.ts';
import { post } from '../api/http.ts';
import type { Cohort } from '../api/types.ts';
import { FilterRow } from '../flags/filter-row.tsx';
import { emptyFilter, type FilterDraft } from '../flags/flag-draft.ts';
import { toFilterValue, valueProblem } from '../flags/operators.ts';
import { Link } from '../router/link.tsx';
import { navigate } from '../router/router.ts';
import { PageHeader } from '../ui/page-header.tsx';
import { ErrorNotice } from '../ui/status.tsx';

type Mode = 'dynamic' | 'static';

const filterProblem = (f: FilterDraft) =>
  f.key.trim() ? valueProblem(f.operator, f.valueType, f.value) : 'Enter a property name.';

export function CohortNewPage() {
  const [mode, setMode] = useState<Mode>('dynamic');
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [filters, setFilters] = useState<FilterDraft[]>([emptyFilter()]);
  const [file, setFile] = useState<File | null>(null);
  const [error, setError] = useState<unknown>();
  const [checked, setChecked] = useState(false);

  const problems = Object.fromEntries(
    filters.flatMap((f, i) => {
      const p = filterProblem(f);
      return p ? [[`filter-${i}`, p]] : [];
    }),
  );

  const save = async (e: Event) => {
    e.preventDefault();
    setChecked(true);
    setError(undefined);
    try {
      let cohort: Cohort;
      if (mode === 'static') {
        if (!file) throw new Error('Choose a CSV file of distinct ids.');
        const form = new FormData();
        form.set('name', name);
        form.set('description', description);
        form.set('csv', file);
        cohort = await post<Cohort>(`${PROJECT}/cohorts/`, form);
      } else {
        if (Object.keys(problems).length > 0) return;
        const values = filters.map((f) => ({
          key: f.key.trim(),
          type: 'person',
          operator: f.operator,
          value: toFilterValue(f.operator, f.valueType, f.value),
        }));
        cohort = await post<Cohort>(`${PROJECT}/cohorts/`, {
          name,
          description,
          filters: { properties: { type: 'AND', values: [{ type: 'AND', values }] } },
        });
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
      </p>
      <PageHeader
        title="New cohort"
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
            <input type="radio" name="mode" checked={mode === 'static'} onChange={() => setMode('static')} />{' '}
            Upload a CSV of distinct ids
          </label>
        </div>
        {mode === 'dynamic' ? (
          <>
            {filters.map((f, i) => (
              <FilterRow
                key={i}
                id={`filter-${i}`}
                filter={f}
                cohorts={[]}
                subject="Person"
                problem={checked ? problems[`filter-${i}`] : undefined}
                onChange={(next) => setFilters(filters.map((x, j) => (j === i ? next : x)))}
                onRemove={() => setFilters(filters.filter((_, j) => j !== i))}
              />
            ))}
            <button type="button" class="btn small" onClick={() => setFilters([...filters, emptyFilter()])}>
              + Property filter
            </button>
            <p class="muted small">A person is a member when every filter matches.</p>
          </>
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
