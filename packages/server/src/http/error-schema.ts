import { z } from 'zod';
import { ERROR_CODES } from '../errors/error-codes.ts';

/** The contract's error body (CONTRACT.md "Errors"). */
export const errorSchema = z.object({
  type: z.string(),
  code: z.enum(Object.keys(ERROR_CODES) as [string, ...string[]]),
  detail: z.string(),
  attr: z.string().nullable(),
});
