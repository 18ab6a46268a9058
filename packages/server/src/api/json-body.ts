import type { Context } from 'hono';
import type { z } from 'zod';
import { AppError } from '../errors/app-error.ts';
import { readJson } from '../http/read-json.ts';

/**
 * Parses and validates a JSON request body (bounded in bytes and depth by `readJson`); answers 400 naming the
 * first offending field.
 */
export async function parseJsonBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.infer<S>> {
  return validateInput(schema, await readJson(c));
}

export function validateInput<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const attr = issue?.path.join('.') || null;
    throw new AppError(
      'INVALID_BODY',
      attr ? `Field "${attr}" is invalid: ${issue?.message}.` : `${issue?.message}.`,
      attr,
    );
  }
  return parsed.data;
}

export function idParam(c: Context, name = 'id'): number {
  const id = Number(c.req.param(name));
  if (!Number.isInteger(id) || id < 1)
    throw new AppError('NOT_FOUND', `"${c.req.param(name)}" is not a valid id.`);
  return id;
}
