import { AppError } from '../errors/app-error.ts';
import { type AnyQuery, queryRequestSchema, SUPPORTED_QUERY_KINDS } from '../query/query-schemas.ts';

// PostHog saves an insight's query wrapped in a display node whose `source` is the runnable query; bare
// queries are accepted too, since API clients often send them that way.
const WRAPPERS = new Set(['InsightVizNode', 'DataTableNode', 'DataVisualizationNode']);

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The runnable query of a saved insight's `query`, validated with the query endpoint's own schemas. */
export function insightSource(query: Record<string, unknown>): AnyQuery {
  const wrapped = WRAPPERS.has(String(query.kind));
  const source = wrapped ? query.source : query;
  const at = wrapped ? 'query.source' : 'query';
  if (!isObject(source)) throw new AppError('INVALID_QUERY', `${at} must be a query object.`, at);
  if (!SUPPORTED_QUERY_KINDS.includes(source.kind as (typeof SUPPORTED_QUERY_KINDS)[number]))
    throw new AppError(
      'UNSUPPORTED_QUERY_KIND',
      `Query kind "${String(source.kind)}" is not supported; use one of ${SUPPORTED_QUERY_KINDS.join(', ')}.`,
      `${at}.kind`,
    );
  const parsed = queryRequestSchema.safeParse({ query: source });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const attr = [at, ...(issue?.path.slice(1) ?? [])].join('.');
    throw new AppError('INVALID_QUERY', `Field "${attr}" is invalid: ${issue?.message}.`, attr);
  }
  return parsed.data.query;
}

/** The insight's query with its runnable part replaced, keeping the wrapper's display settings. */
export function withSource(query: Record<string, unknown>, source: AnyQuery): Record<string, unknown> {
  return WRAPPERS.has(String(query.kind)) ? { ...query, source } : source;
}
