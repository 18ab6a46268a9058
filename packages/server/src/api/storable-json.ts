import { z } from 'zod';

/**
 * Deeper than any body PostHog's clients send (a saved insight's query nests about a dozen levels), and far
 * below the few thousand levels at which recursive code that reads a stored value back (String(), zod,
 * the query compiler) exhausts the stack.
 */
export const MAX_STORED_DEPTH = 64;

// An unpaired surrogate has no UTF-8 form: DuckDB's JSON columns refuse it ("invalid high surrogate"), so a
// stored object holding one could be neither written nor read back.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

interface Problem {
  path: (string | number)[];
  message: string;
}

/** The first reason a decoded JSON value cannot be stored as-is, found without recursion. */
export function unstorable(value: unknown, maxDepth = MAX_STORED_DEPTH): Problem | undefined {
  const stack: { value: unknown; path: (string | number)[] }[] = [{ value, path: [] }];
  for (let next = stack.pop(); next; next = stack.pop()) {
    const { value: v, path } = next;
    if (typeof v === 'string') {
      if (LONE_SURROGATE.test(v)) return { path, message: 'contains an unpaired UTF-16 surrogate' };
      continue;
    }
    if (typeof v !== 'object' || v === null) continue;
    if (path.length >= maxDepth) return { path, message: `nests deeper than ${maxDepth} levels` };
    const entries: [string | number, unknown][] = Array.isArray(v) ? [...v.entries()] : Object.entries(v);
    for (const [key, child] of entries) {
      if (typeof key === 'string' && LONE_SURROGATE.test(key))
        return { path: [...path, key], message: 'has a key with an unpaired UTF-16 surrogate' };
      stack.push({ value: child, path: [...path, key] });
    }
  }
  return undefined;
}

/**
 * `schema`, run only on bodies that can be stored: checked before the schema so that a deeply nested body
 * never reaches zod's recursive parsers either. Refusals come out as the schema's own, a 400 naming the field.
 */
export function storable<S extends z.ZodType>(schema: S) {
  return z
    .unknown()
    .transform((value, ctx) => {
      const problem = unstorable(value);
      if (!problem) return value;
      ctx.addIssue({ code: 'custom', message: problem.message, path: problem.path });
      return z.NEVER;
    })
    .pipe(schema);
}
