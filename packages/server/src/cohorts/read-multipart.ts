import type { Context } from 'hono';
import { AppError } from '../errors/app-error.ts';
import { bodyLimitOf } from '../http/body-limit.ts';
import { readBody } from '../http/read-body.ts';

/**
 * A multipart upload, read through the bounded reader and parsed by the platform's form parser. The parser
 * rejects a body cut short (no closing boundary) with a TypeError; that is the sender's fault, so it is a 400.
 */
export async function readMultipart(c: Context, contentType: string): Promise<FormData> {
  const bytes = await readBody(c.req.raw, bodyLimitOf(c.req.raw));
  try {
    return await new Response(new Blob([bytes as Uint8Array<ArrayBuffer>]), {
      headers: { 'content-type': contentType },
    }).formData();
  } catch {
    throw new AppError(
      'INVALID_BODY',
      'The multipart body could not be parsed (missing or broken boundary?); attach the members as a "csv" file field.',
      'csv',
    );
  }
}
