import { PROJECT } from '../api/endpoints.ts';
import { get, query } from '../api/http.ts';
import type { Person } from '../api/types.ts';
import { SendFirstEvent } from '../onboarding/send-first-event.tsx';
import { PageHeader } from '../ui/page-header.tsx';
import { ResourceList } from '../ui/resource-list.tsx';
import { SearchBox } from '../ui/search-box.tsx';
import { useDebouncedSearch } from '../ui/use-debounced-search.ts';
import { useResource } from '../ui/use-resource.ts';
import { PersonsTable } from './persons-table.tsx';

export function PersonsPage() {
  const { input, setInput, search } = useDebouncedSearch();
  const persons = useResource(
    () => get<{ results: Person[] }>(`${PROJECT}/persons/${query({ search, limit: 100 })}`),
    [search],
  );
  const list = persons.data?.results ?? [];
  return (
    <>
      <PageHeader title="Persons" subtitle="Everyone who sent an event, with their properties and history." />
      <SearchBox
        id="person-search"
        label="Search persons"
        placeholder="Search by distinct id, email or any property value"
        value={input}
        onInput={setInput}
      />
      <ResourceList
        resource={persons}
        count={list.length}
        empty={
          search ? <p class="muted">Nobody matches “{search}”.</p> : <SendFirstEvent title="No persons yet" />
        }
      >
        <PersonsTable persons={list} />
      </ResourceList>
    </>
  );
}
