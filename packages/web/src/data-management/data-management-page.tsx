import { useState } from 'preact/hooks';
import { useCan } from '../auth/session-context.ts';
import { fullTime } from '../ui/format.ts';
import { PageHeader } from '../ui/page-header.tsx';
import { ResourceList } from '../ui/resource-list.tsx';
import { SearchBox } from '../ui/search-box.tsx';
import { ErrorNotice } from '../ui/status.tsx';
import { Toggle } from '../ui/toggle.tsx';
import { useDebouncedSearch } from '../ui/use-debounced-search.ts';
import { useResource } from '../ui/use-resource.ts';
import {
  type DefinitionPage,
  EVENT_DEFINITIONS,
  type EventDefinition,
  listEventDefinitions,
  listPropertyDefinitions,
  markDefinition,
  PROPERTY_DEFINITIONS,
  type PropertyDefinition,
  type PropertyKind,
} from './definitions-api.ts';

const PAGE = 50;
const KIND_LABELS: Record<PropertyKind, string> = { event: 'Event', person: 'Person', group: 'Group' };
type Tab = 'events' | PropertyKind;
type Row = EventDefinition | PropertyDefinition;

/**
 * Every event name and property key seen in this environment, with volume, first and last seen and the type
 * ingestion inferred; members describe them and mark them verified or hidden (hidden ones leave every picker).
 */
export function DataManagementPage() {
  const [tab, setTab] = useState<Tab>('events');
  const { input, setInput, search } = useDebouncedSearch();
  const [offset, setOffset] = useState(0);
  const [error, setError] = useState<unknown>();
  const list = useResource<DefinitionPage<Row>>(() => {
    const params = `limit=${PAGE}&offset=${offset}${search ? `&search=${encodeURIComponent(search)}` : ''}`;
    return tab === 'events' ? listEventDefinitions(params) : listPropertyDefinitions(`type=${tab}&${params}`);
  }, [tab, search, offset]);
  const canWrite = useCan(tab === 'events' ? 'event_definition:write' : 'property_definition:write');
  const rows = list.data?.results ?? [];
  const total = list.data?.count ?? 0;
  const endpoint = tab === 'events' ? EVENT_DEFINITIONS : PROPERTY_DEFINITIONS;

  const mark = async (d: Row, marks: Parameters<typeof markDefinition>[2]) => {
    setError(undefined);
    try {
      await markDefinition(endpoint, d.id, marks);
      list.reload();
    } catch (err) {
      setError(err);
    }
  };
  const switchTo = (next: Tab) => {
    setTab(next);
    setOffset(0);
  };

  return (
    <>
      <PageHeader
        title="Data management"
        subtitle="Every event and property seen, as ingestion records them. Hidden ones leave every picker."
      />
      <div class="row gap" role="tablist" aria-label="Definitions">
        {(['events', 'event', 'person', 'group'] as const).map((t) => (
          <button
            key={t}
            type="button"
            role="tab"
            aria-selected={tab === t}
            class={tab === t ? 'btn small primary' : 'btn small'}
            onClick={() => switchTo(t)}
          >
            {t === 'events' ? 'Events' : `${KIND_LABELS[t]} properties`}
          </button>
        ))}
      </div>
      <SearchBox
        id="definition-search"
        label="Search by name"
        placeholder="Search by name"
        value={input}
        onInput={(v) => {
          setInput(v);
          setOffset(0);
        }}
      />
      {error !== undefined && <ErrorNotice error={error} />}
      <ResourceList
        resource={list}
        count={rows.length}
        empty={
          <section class="empty teach">
            <h2>{search ? 'Nothing matches' : 'Nothing seen yet'}</h2>
            <p class="muted">Names appear here a few seconds after the first event that carries them.</p>
          </section>
        }
      >
        <div class="table-scroll">
          <table class="table">
            <thead>
              <tr>
                <th>Name</th>
                {tab === 'events' ? (
                  <>
                    <th class="num">Volume</th>
                    <th>First seen</th>
                    <th>Last seen</th>
                  </>
                ) : (
                  <th>Type</th>
                )}
                <th>Description</th>
                <th>Verified</th>
                <th>Hidden</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((d) => (
                <DefinitionRow key={d.id} definition={d} canWrite={canWrite} onMark={(m) => mark(d, m)} />
              ))}
            </tbody>
          </table>
        </div>
        <div class="row gap pager">
          <span class="muted small">
            {offset + 1}–{offset + rows.length} of {total}
          </span>
          <button
            type="button"
            class="btn small"
            disabled={offset === 0}
            onClick={() => setOffset(offset - PAGE)}
          >
            Previous
          </button>
          <button
            type="button"
            class="btn small"
            disabled={offset + PAGE >= total}
            onClick={() => setOffset(offset + PAGE)}
          >
            Next
          </button>
        </div>
      </ResourceList>
    </>
  );
}

function DefinitionRow(props: {
  definition: Row;
  canWrite: boolean;
  onMark: (marks: Parameters<typeof markDefinition>[2]) => Promise<void>;
}) {
  const { definition: d, canWrite, onMark } = props;
  const [description, setDescription] = useState<string | null>(null);
  const isEvent = 'volume' in d;
  return (
    // Hidden rows keep full contrast: the switch says they are hidden, greying the text would fail WCAG AA.
    <tr>
      <td>
        <code>{d.name}</code>
      </td>
      {isEvent ? (
        <>
          <td class="num">{d.volume.toLocaleString()}</td>
          <td class="nowrap">{fullTime(d.created_at)}</td>
          <td class="nowrap">{fullTime(d.last_seen_at)}</td>
        </>
      ) : (
        <td>
          {d.property_type ?? '—'}
          {d.group_type_index !== null && <span class="muted small"> (group {d.group_type_index})</span>}
        </td>
      )}
      <td>
        {canWrite && description !== null ? (
          <form
            class="row gap"
            onSubmit={(e) => {
              e.preventDefault();
              setDescription(null);
              void onMark({ description });
            }}
          >
            <input
              aria-label={`Description of ${d.name}`}
              value={description}
              maxLength={1000}
              onInput={(e) => setDescription(e.currentTarget.value)}
            />
            <button type="submit" class="btn small primary">
              Save
            </button>
            <button type="button" class="btn small ghost" onClick={() => setDescription(null)}>
              Cancel
            </button>
          </form>
        ) : (
          <span class="row gap">
            <span class={d.description ? undefined : 'muted'}>{d.description || 'No description'}</span>
            {canWrite && (
              <button
                type="button"
                class="btn small"
                aria-label={`Edit description of ${d.name}`}
                onClick={() => setDescription(d.description)}
              >
                Edit
              </button>
            )}
          </span>
        )}
      </td>
      <td>
        <Toggle
          checked={d.verified}
          label={`${d.name} verified`}
          disabled={!canWrite}
          onChange={(verified) => void onMark({ verified })}
        />
      </td>
      <td>
        <Toggle
          checked={d.hidden}
          label={`${d.name} hidden`}
          disabled={!canWrite}
          onChange={(hidden) => void onMark({ hidden })}
        />
      </td>
    </tr>
  );
}
