import type { Context } from 'hono';
import type { z } from 'zod';
import { AppError } from '../errors/app-error.ts';

/** Validates query parameters with a schema, answering 400 with the offending parameter named. */
export function parseQuery<S extends z.ZodType>(c: Context, schema: S): z.infer<S> {
  const parsed = schema.safeParse(c.req.query());
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const attr = issue?.path.join('.') || null;
    throw new AppError('INVALID_QUERY', `Query parameter "${attr}" is invalid: ${issue?.message}.`, attr);
  }
  return parsed.data;
}

/** PostHog's `{results, next}` pagination: `next` is the URL of the following page, or null. */
export function page<T>(c: Context, results: T[], limit: number, offset: number) {
  let next: string | null = null;
  if (results.length === limit) {
    const url = new URL(c.req.url);
    url.searchParams.set('offset', String(offset + limit));
    url.searchParams.set('limit', String(limit));
    next = url.toString();
  }
  return { results, next };
}
