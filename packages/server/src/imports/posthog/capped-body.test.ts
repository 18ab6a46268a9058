import { describe, expect, it } from 'vitest';
import { readCappedText } from './capped-body.ts';

/** A body streamed in chunks with no Content-Length, recording how far the reader pulled it. */
function streamed(chunks: string[]): { response: Response; pulled: () => number } {
  let pulled = 0;
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const chunk = chunks[pulled++];
      if (chunk === undefined) controller.close();
      else controller.enqueue(encoder.encode(chunk));
    },
  });
  return { response: new Response(body), pulled: () => pulled };
}

describe('readCappedText', () => {
  it('reads a body up to the cap', async () => {
    const { response } = streamed(['{"a":', '1}']);
    expect(await readCappedText(response, 7, 'GET /x')).toBe('{"a":1}');
  });

  it('stops pulling a streamed body as soon as it passes the cap', async () => {
    const { response, pulled } = streamed(Array(1000).fill('x'.repeat(100)));
    await expect(readCappedText(response, 250, 'GET /x')).rejects.toMatchObject({
      code: 'POSTHOG_RESPONSE_TOO_LARGE',
      message: expect.stringContaining('GET /x answered with more than 250 bytes'),
    });
    expect(pulled()).toBeLessThan(10);
  });

  it('refuses a declared Content-Length over the cap without reading', async () => {
    const response = new Response('x'.repeat(100), { headers: { 'content-length': '100' } });
    await expect(readCappedText(response, 99, 'GET /x')).rejects.toMatchObject({
      code: 'POSTHOG_RESPONSE_TOO_LARGE',
    });
  });
});
