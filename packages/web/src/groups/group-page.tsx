import { PROJECT } from '../api/endpoints.ts';
import { get, query } from '../api/http.ts';
import type { Group } from '../api/query-types.ts';
import { PropertiesTable } from '../events/events-table.tsx';
import { Link } from '../router/link.tsx';
import { display, fullTime } from '../ui/format.ts';
import { PageHeader } from '../ui/page-header.tsx';
import { ErrorNotice, Loading } from '../ui/status.tsx';
import { useResource } from '../ui/use-resource.ts';
import { useGroupTypes } from './use-group-types.ts';

export function GroupPage({ typeIndex, groupKey }: { typeIndex: number; groupKey: string }) {
  const types = useGroupTypes();
  const group = useResource(
    () => get<Group>(`${PROJECT}/groups/find/${query({ group_type_index: typeIndex, group_key: groupKey })}`),
    [typeIndex, groupKey],
  );
  const typeName = types.data?.find((t) => t.group_type_index === typeIndex)?.group_type ?? 'Groups';
  const crumbs = (
    <p class="crumbs">
      <Link href={`/groups?type=${typeIndex}`}>{typeName}</Link> /
    </p>
  );
  if (group.error) {
    return (
      <>
        {crumbs}
        <ErrorNotice error={group.error} retry={group.reload} />
      </>
    );
  }
  if (!group.data) return <Loading />;
  const g = group.data;
  return (
    <>
      {crumbs}
      <PageHeader
        title={display(g.group_properties.name) || g.group_key}
        subtitle={`First seen ${fullTime(g.created_at)}`}
      />
      <div class="two-col">
        <section class="card" aria-labelledby="group-props-title">
          <h2 id="group-props-title">Properties</h2>
          {Object.keys(g.group_properties).length === 0 ? (
            <p class="muted">No properties yet. Send them with groupIdentify.</p>
          ) : (
            <PropertiesTable properties={g.group_properties} />
          )}
        </section>
        <section class="card">
          <h2>Identity</h2>
          <table class="table compact props">
            <tbody>
              <tr>
                <th>Group type</th>
                <td>{typeName}</td>
              </tr>
              <tr>
                <th>Key</th>
                <td class="mono">{g.group_key}</td>
              </tr>
            </tbody>
          </table>
        </section>
      </div>
    </>
  );
}
