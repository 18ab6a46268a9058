import type { ComponentChildren } from 'preact';
import { ErrorNotice, Loading } from './status.tsx';
import type { Resource } from './use-resource.ts';

interface ResourceListProps {
  resource: Resource<unknown>;
  /** How many rows the page lists from the resource (after any filtering of its own). */
  count: number;
  /** Shown once loaded with nothing to list: the first-run explanation, or "no match" while searching. */
  empty: ComponentChildren;
  /** The list itself, shown when there is at least one row. */
  children: ComponentChildren;
}

/** The states of a list page: failed (with a retry), loading, loaded but empty, and the list. */
export function ResourceList({ resource, count, empty, children }: ResourceListProps) {
  return (
    <>
      {resource.error ? <ErrorNotice error={resource.error} retry={resource.reload} /> : null}
      {!resource.data && resource.loading && <Loading />}
      {resource.data && count === 0 && empty}
      {count > 0 && children}
    </>
  );
}
