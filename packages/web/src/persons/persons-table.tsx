import type { Person } from '../api/types.ts';
import { Link } from '../router/link.tsx';
import { timeAgo } from '../ui/format.ts';
import { personName } from './person-name.ts';

export function PersonsTable({ persons }: { persons: Person[] }) {
  return (
    <table class="table">
      <thead>
        <tr>
          <th>Person</th>
          <th>Distinct ids</th>
          <th>First seen</th>
        </tr>
      </thead>
      <tbody>
        {persons.map((p) => (
          <tr key={p.id}>
            <td>
              <Link href={`/persons/${encodeURIComponent(p.distinct_ids[0] ?? p.id)}`} class="strong">
                {personName(p)}
              </Link>
            </td>
            <td class="mono small truncate">{p.distinct_ids.join(', ')}</td>
            <td class="muted">{timeAgo(p.created_at)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
