import { useEffect, useState } from 'preact/hooks';
import { runQuery } from './insights-api.ts';

export interface QueryResult {
  result: unknown;
  /** The query kind that produced `result`, which may lag the form's while a new one runs. */
  kind: string;
  lastRefresh: string | null;
  loading: boolean;
  error: unknown;
  refresh: () => void;
}

/** Runs the query a moment after the form stops changing; answers to older versions are dropped. */
export function useQueryResult(query: { kind: string }, delayMs = 300): QueryResult {
  const text = JSON.stringify(query);
  const [force, setForce] = useState(0);
  const [state, setState] = useState<Omit<QueryResult, 'refresh'>>({
    result: undefined,
    kind: query.kind,
    lastRefresh: null,
    loading: true,
    error: undefined,
  });
  useEffect(() => {
    let current = true;
    // Another kind's answer cannot be drawn as this one's: drop it rather than show it under "Calculating…".
    setState((s) =>
      s.kind === query.kind ? { ...s, loading: true } : { ...s, result: undefined, loading: true },
    );
    const timer = setTimeout(() => {
      runQuery(JSON.parse(text), force > 0).then(
        (r) =>
          current &&
          setState({
            result: r.results,
            kind: query.kind,
            lastRefresh: r.last_refresh ?? null,
            loading: false,
            error: undefined,
          }),
        (error: unknown) => current && setState((s) => ({ ...s, loading: false, error })),
      );
    }, delayMs);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [text, force]);
  return { ...state, refresh: () => setForce((f) => f + 1) };
}
