import { tooLarge as tooLargeError } from './body-limit.ts';

/** Reads a request body, refusing (413) as soon as it passes `limit` instead of buffering all of it first. */
export async function readBody(request: Request, limit: number): Promise<Uint8Array> {
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  const tooLarge = () => tooLargeError(limit);
  if (Number.isFinite(declared)) {
    if (declared > limit) throw tooLarge();
    // Node's HTTP parser never delivers more than the declared length, so reading it whole is bounded. It is
    // also far cheaper: @hono/node-server then reads the socket directly, where touching `request.body`
    // would build a full WHATWG Request, an AbortController and a web stream for every request.
    return new Uint8Array(await request.arrayBuffer());
  }
  if (!request.body) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0] as Uint8Array;
  return Buffer.concat(chunks, size);
}
