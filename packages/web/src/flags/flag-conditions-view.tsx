import type { Flag, PropertyFilter } from '../api/types.ts';
import { display } from '../ui/format.ts';
import { OPERATORS } from './operators.ts';

const operatorLabel = (op: string) =>
  Object.values(OPERATORS)
    .flat()
    .find((o) => o.id === op)?.label ?? op;

function FilterText({ filter }: { filter: PropertyFilter }) {
  if (filter.type === 'cohort') return <span>in cohort #{display(filter.value)}</span>;
  const value = Array.isArray(filter.value) ? filter.value.map(display).join(' or ') : display(filter.value);
  const op = filter.operator ?? 'exact';
  return (
    <span>
      <code>{filter.key}</code> {operatorLabel(op)}{' '}
      {op === 'is_set' || op === 'is_not_set' ? null : <strong>{value}</strong>}
      {filter.type === 'group' && <span class="muted"> (group)</span>}
    </span>
  );
}

/** Release conditions, variants and payloads, read-only, as sentences. */
export function FlagConditionsView({ flag }: { flag: Flag }) {
  const groups = flag.filters.groups ?? [];
  const variants = flag.filters.multivariate?.variants ?? [];
  const payloads = flag.filters.payloads ?? {};
  return (
    <>
      <section class="card">
        <h2>Release conditions</h2>
        {groups.length === 0 && <p class="muted">No conditions: nobody gets this flag.</p>}
        <ol class="conditions">
          {groups.map((g, i) => (
            <li key={i}>
              <div class="condition-head">
                <span class="badge">Set {i + 1}</span>
                <strong>{g.rollout_percentage ?? 100}%</strong> of
                {(g.properties ?? []).length === 0 ? ' everyone' : ' users where'}
              </div>
              {(g.properties ?? []).map((p, j) => (
                <div key={j} class="filter-text">
                  {j > 0 && <span class="muted">and </span>}
                  <FilterText filter={p} />
                </div>
              ))}
            </li>
          ))}
        </ol>
      </section>
      {(variants.length > 0 || payloads.true !== undefined) && (
        <section class="card">
          <h2>{variants.length ? 'Variants' : 'Payload'}</h2>
          {variants.length > 0 ? (
            <table class="table compact">
              <thead>
                <tr>
                  <th>Variant</th>
                  <th>Rollout</th>
                  <th>Payload</th>
                </tr>
              </thead>
              <tbody>
                {variants.map((v) => (
                  <tr key={v.key}>
                    <td class="mono">{v.key}</td>
                    <td>{v.rollout_percentage}%</td>
                    <td class="mono small">{display(payloads[v.key])}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <pre class="json">{display(payloads.true)}</pre>
          )}
        </section>
      )}
    </>
  );
}
