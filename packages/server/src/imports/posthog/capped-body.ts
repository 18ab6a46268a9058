import { PosthogSourceError } from './posthog-source-error.ts';

/**
 * The body as text, refusing it once it passes `maxBytes`: a misbehaving or hostile host must not make the
 * importer buffer an unbounded answer. The stream is cancelled as soon as the limit is crossed.
 */
export async function readCappedText(response: Response, maxBytes: number, what: string): Promise<string> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel();
    throw tooLarge(what, maxBytes);
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw tooLarge(what, maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

const tooLarge = (what: string, maxBytes: number) =>
  new PosthogSourceError(
    'POSTHOG_RESPONSE_TOO_LARGE',
    `${what} answered with more than ${maxBytes} bytes; lower the page size or raise the limit`,
  );
