import { useState } from 'preact/hooks';
import { del, get } from '../api/http.ts';
import { useCan } from '../auth/session-context.ts';
import { ConfirmDialog } from '../ui/confirm-dialog.tsx';
import { fullTime } from '../ui/format.ts';
import { PageHeader } from '../ui/page-header.tsx';
import { ResourceList } from '../ui/resource-list.tsx';
import { SearchBox } from '../ui/search-box.tsx';
import { ErrorNotice } from '../ui/status.tsx';
import { useDebouncedSearch } from '../ui/use-debounced-search.ts';
import { useResource } from '../ui/use-resource.ts';
import type { Annotation, AnnotationList } from './annotation-types.ts';
import { ANNOTATIONS, createAnnotation, updateAnnotation } from './annotations-api.ts';

const PAGE = 50;

/** Every annotation of the project, newest date first: search, add, edit the text, delete. */
export function AnnotationsPage() {
  const { input, setInput, search } = useDebouncedSearch();
  const [offset, setOffset] = useState(0);
  const list = useResource(
    () =>
      get<AnnotationList>(
        `${ANNOTATIONS}?limit=${PAGE}&offset=${offset}${search ? `&search=${encodeURIComponent(search)}` : ''}`,
      ),
    [search, offset],
  );
  const [editing, setEditing] = useState<{ id: number; text: string } | null>(null);
  const [deleting, setDeleting] = useState<Annotation | null>(null);
  const [error, setError] = useState<unknown>();
  const canWrite = useCan('annotation:write');
  const rows = list.data?.results ?? [];
  const total = list.data?.count ?? 0;

  const act = async (fn: () => Promise<unknown>) => {
    setError(undefined);
    try {
      await fn();
      list.reload();
    } catch (err) {
      setError(err);
    }
  };

  return (
    <>
      <PageHeader title="Annotations" subtitle="Dated notes marked on every time chart of the project." />
      {canWrite && <NewAnnotationForm onCreated={list.reload} />}
      <SearchBox
        id="annotation-search"
        label="Search annotations"
        placeholder="Search annotations"
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
            <h2>{search ? 'No annotation matches' : 'No annotations yet'}</h2>
            <p class="muted">
              Click a bucket on any time chart to annotate it, add one here, or let the telemetry kit add one
              for each new version of your app (<code>annotateVersions: true</code>).
            </p>
          </section>
        }
      >
        <table class="table">
          <thead>
            <tr>
              <th>Date</th>
              <th>Annotation</th>
              <th>By</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {rows.map((a) => (
              <tr key={a.id}>
                <td class="nowrap">{fullTime(a.date_marker)}</td>
                <td>
                  {editing?.id === a.id ? (
                    <form
                      class="row gap"
                      onSubmit={(e) => {
                        e.preventDefault();
                        const text = editing.text;
                        setEditing(null);
                        void act(() => updateAnnotation(a.id, { content: text }));
                      }}
                    >
                      <input
                        aria-label="Annotation text"
                        value={editing.text}
                        maxLength={400}
                        onInput={(e) => setEditing({ id: a.id, text: e.currentTarget.value })}
                      />
                      <button type="submit" class="btn small primary">
                        Save
                      </button>
                      <button type="button" class="btn small ghost" onClick={() => setEditing(null)}>
                        Cancel
                      </button>
                    </form>
                  ) : (
                    a.content
                  )}
                </td>
                <td class="muted small">{a.created_by ?? ''}</td>
                <td class="row gap">
                  {canWrite && (
                    <>
                      <button
                        type="button"
                        class="btn small"
                        aria-label={`Edit "${a.content}"`}
                        onClick={() => setEditing({ id: a.id, text: a.content })}
                      >
                        Edit
                      </button>
                      <button
                        type="button"
                        class="btn small danger"
                        aria-label={`Delete "${a.content}"`}
                        onClick={() => setDeleting(a)}
                      >
                        Delete
                      </button>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
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
      <ConfirmDialog
        open={deleting !== null}
        title={`Delete "${deleting?.content ?? ''}"?`}
        confirmLabel="Delete annotation"
        danger
        onCancel={() => setDeleting(null)}
        onConfirm={() => {
          const target = deleting;
          setDeleting(null);
          if (target) void act(() => del(`${ANNOTATIONS}${target.id}/`));
        }}
      >
        <p>Its mark leaves every chart. The activity log keeps its history.</p>
      </ConfirmDialog>
    </>
  );
}

function NewAnnotationForm({ onCreated }: { onCreated: () => void }) {
  const [text, setText] = useState('');
  const [date, setDate] = useState(() => new Date().toISOString().slice(0, 10));
  const [error, setError] = useState<unknown>();
  const submit = async (e: Event) => {
    e.preventDefault();
    setError(undefined);
    try {
      await createAnnotation(text, new Date(`${date}T00:00:00Z`));
      setText('');
      onCreated();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <form class="card row gap" aria-label="New annotation" onSubmit={submit}>
      <label>
        <span class="muted small">Date</span>
        <input type="date" value={date} required onInput={(e) => setDate(e.currentTarget.value)} />
      </label>
      <label class="grow">
        <span class="muted small">Text</span>
        <input
          type="text"
          value={text}
          maxLength={400}
          required
          placeholder="e.g. 2.9.0 released"
          onInput={(e) => setText(e.currentTarget.value)}
        />
      </label>
      <button type="submit" class="btn primary" disabled={text.trim() === ''}>
        Add annotation
      </button>
      {error !== undefined && <ErrorNotice error={error} />}
    </form>
  );
}
