import { useEffect, useState } from 'preact/hooks';
import { PROJECT } from '../api/endpoints.ts';
import { get, query } from '../api/http.ts';
import type { Person } from '../api/types.ts';
import { SendFirstEvent } from '../onboarding/send-first-event.tsx';
import { PageHeader } from '../ui/page-header.tsx';
import { Pager } from '../ui/pager.tsx';
import { ResourceList } from '../ui/resource-list.tsx';
import { SearchBox } from '../ui/search-box.tsx';
import { useDebouncedSearch } from '../ui/use-debounced-search.ts';
import { useResource } from '../ui/use-resource.ts';
import { PersonsTable } from './persons-table.tsx';

const PAGE = 100;

export function PersonsPage() {
  const { input, setInput, search } = useDebouncedSearch();
  const [offset, setOffset] = useState(0);
  // A new search starts from its first page.
  useEffect(() => setOffset(0), [search]);
  const persons = useResource(
    () =>
      get<{ results: Person[]; count?: number }>(
        `${PROJECT}/persons/${query({ search, limit: PAGE, offset: offset || undefined })}`,
      ),
    [search, offset],
  );
  const list = persons.data?.results ?? [];
  const total = persons.data?.count ?? list.length;
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
        <Pager
          offset={offset}
          limit={PAGE}
          shown={list.length}
          total={total}
          noun="persons"
          onPage={setOffset}
        />
      </ResourceList>
    </>
  );
}
