import { PROJECT } from '../api/endpoints.ts';
import { get, query } from '../api/http.ts';
import type { Group } from '../api/query-types.ts';
import { Link } from '../router/link.tsx';
import { navigate, useLocation } from '../router/router.ts';
import { display, timeAgo } from '../ui/format.ts';
import { PageHeader } from '../ui/page-header.tsx';
import { ResourceList } from '../ui/resource-list.tsx';
import { SearchBox } from '../ui/search-box.tsx';
import { ErrorNotice, Loading } from '../ui/status.tsx';
import { onTabListKey } from '../ui/tab-keys.ts';
import { useDebouncedSearch } from '../ui/use-debounced-search.ts';
import { useResource } from '../ui/use-resource.ts';
import { useGroupTypes } from './use-group-types.ts';

const nameOf = (g: Group) => display(g.group_properties.name) || g.group_key;

/** Groups (companies, installations…) of one type at a time, searchable by key or property value. */
export function GroupsPage() {
  const types = useGroupTypes();
  const { search: params } = useLocation();
  const typeIndex = Number(params.get('type') ?? types.data?.[0]?.group_type_index ?? 0);
  const { input, setInput, search } = useDebouncedSearch();
  const groups = useResource(
    () =>
      types.data?.length
        ? get<{ results: Group[] }>(
            `${PROJECT}/groups/${query({ group_type_index: typeIndex, search, limit: 100 })}`,
          )
        : Promise.resolve({ results: [] }),
    [typeIndex, search, types.data],
  );
  const list = groups.data?.results ?? [];
  const typeName = types.data?.find((t) => t.group_type_index === typeIndex)?.group_type ?? '';
  return (
    <>
      <PageHeader
        title="Groups"
        subtitle="Organizations, installations or any other unit your events belong to."
      />
      {types.error ? <ErrorNotice error={types.error} retry={types.reload} /> : null}
      {!types.data && <Loading />}
      {types.data?.length === 0 && (
        <section class="empty teach">
          <h2>No groups yet</h2>
          <p class="muted">
            Groups appear when events carry <code>$groups</code>, e.g. with posthog-node:{' '}
            <code>{"client.capture({ distinctId, event, groups: { instance: 'inst-1' } })"}</code>, and get
            properties from <code>client.groupIdentify(…)</code>. Then count unique groups in insights and
            target flags at whole groups.
          </p>
        </section>
      )}
      {types.data && types.data.length > 0 && (
        <>
          <div class="tabs" role="tablist" aria-label="Group type" onKeyDown={onTabListKey}>
            {types.data.map((t) => (
              <button
                key={t.group_type_index}
                type="button"
                role="tab"
                aria-selected={t.group_type_index === typeIndex}
                class={t.group_type_index === typeIndex ? 'tab active' : 'tab'}
                onClick={() => navigate(`/groups?type=${t.group_type_index}`, { replace: true })}
              >
                {t.group_type}
              </button>
            ))}
          </div>
          <SearchBox
            id="group-search"
            label="Search groups"
            placeholder={`Search ${typeName} by key or property value`}
            value={input}
            onInput={setInput}
          />
          <ResourceList
            resource={groups}
            count={list.length}
            empty={<p class="muted">No {typeName} matches.</p>}
          >
            <table class="table">
              <thead>
                <tr>
                  <th>Name</th>
                  <th>Key</th>
                  <th class="num">Properties</th>
                  <th>First seen</th>
                </tr>
              </thead>
              <tbody>
                {list.map((g) => (
                  <tr key={g.group_key}>
                    <td>
                      <Link
                        href={`/groups/${g.group_type_index}/${encodeURIComponent(g.group_key)}`}
                        class="strong"
                      >
                        {nameOf(g)}
                      </Link>
                    </td>
                    <td class="mono small">{g.group_key}</td>
                    <td class="num">{Object.keys(g.group_properties).length}</td>
                    <td class="muted">{timeAgo(g.created_at)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ResourceList>
        </>
      )}
    </>
  );
}
