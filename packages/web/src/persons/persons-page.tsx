import { useEffect, useState } from 'preact/hooks';
import { PROJECT } from '../api/endpoints.ts';
import { get, query } from '../api/http.ts';
import type { Person } from '../api/types.ts';
import { SendFirstEvent } from '../onboarding/send-first-event.tsx';
import { PageHeader } from '../ui/page-header.tsx';
import { ErrorNotice, Loading } from '../ui/status.tsx';
import { useResource } from '../ui/use-resource.ts';
import { PersonsTable } from './persons-table.tsx';

export function PersonsPage() {
  const [input, setInput] = useState('');
  const [search, setSearch] = useState('');
  // Searching scans properties, so wait for a pause in typing rather than query every keystroke.
  useEffect(() => {
    const t = setTimeout(() => setSearch(input.trim()), 250);
    return () => clearTimeout(t);
  }, [input]);
  const persons = useResource(
    () => get<{ results: Person[] }>(`${PROJECT}/persons/${query({ search, limit: 100 })}`),
    [search],
  );
  const list = persons.data?.results ?? [];
  return (
    <>
      <PageHeader title="Persons" subtitle="Everyone who sent an event, with their properties and history." />
      <div class="toolbar">
        <label class="sr-only" for="person-search">
          Search persons
        </label>
        <input
          id="person-search"
          type="search"
          placeholder="Search by distinct id, email or any property value"
          value={input}
          onInput={(e) => setInput(e.currentTarget.value)}
        />
      </div>
      {persons.error ? <ErrorNotice error={persons.error} retry={persons.reload} /> : null}
      {!persons.data && <Loading />}
      {persons.data && list.length === 0 && !search && <SendFirstEvent title="No persons yet" />}
      {persons.data && list.length === 0 && search && <p class="muted">Nobody matches “{search}”.</p>}
      {list.length > 0 && <PersonsTable persons={list} />}
    </>
  );
}
