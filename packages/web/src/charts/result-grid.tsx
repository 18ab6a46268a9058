import type { ResultTable } from '../insights/result-table.ts';

/** A result table; numbers right-aligned and locale-formatted. */
export function ResultGrid({ table, label }: { table: ResultTable; label: string }) {
  return (
    <div class="table-scroll">
      <table class="table compact result-table" aria-label={label}>
        <thead>
          <tr>
            {table.columns.map((c, i) => (
              <th key={`${i}-${c}`} class={i === 0 ? '' : 'num'}>
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row, r) => (
            <tr key={`${r}-${row[0]}`}>
              {row.map((v, i) => (
                <td key={`${i}-${v}`} class={typeof v === 'number' ? 'num' : ''}>
                  {typeof v === 'number' ? v.toLocaleString() : v}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
