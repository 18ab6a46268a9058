import type { Mailer } from '../members/mailer.ts';
import { DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, signatureHeader } from './webhook-signature.ts';

/** The delivery log keeps this much of an answer: enough to read an error page's first lines, never a download. */
export const MAX_RESPONSE_CHARS = 1024;

export interface SendRequest {
  url: string;
  secret: string;
  body: string;
  event: string;
  deliveryId: string;
}

/** How one attempt went: `ok` for a 2xx answer (or a mail the server accepted). */
export interface SendOutcome {
  ok: boolean;
  status: number | null;
  durationMs: number;
  response: string | null;
}

export interface Sender {
  send(request: SendRequest, at: Date): Promise<SendOutcome>;
}

/** Reads at most `limit` characters of the answer, then drops the connection instead of draining the rest. */
async function boundedText(response: Response, limit: number): Promise<string> {
  const reader = response.body?.getReader();
  if (!reader) return '';
  const decoder = new TextDecoder();
  let text = '';
  while (text.length < limit) {
    const { done, value } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
  }
  await reader.cancel().catch(() => undefined);
  return text.slice(0, limit);
}

/** POSTs signed JSON with `fetch`, stopping after `timeoutMs` (the whole exchange, answer included). */
export function httpSender(options: { timeoutMs: number; mailer?: Mailer | undefined }): Sender {
  return {
    async send(request, at) {
      const started = performance.now();
      const elapsed = () => Math.round(performance.now() - started);
      if (request.url.startsWith('mailto:')) return sendMail(request, options.mailer, elapsed);
      const signal = AbortSignal.timeout(options.timeoutMs);
      try {
        const response = await fetch(request.url, {
          method: 'POST',
          redirect: 'manual',
          signal,
          headers: {
            'content-type': 'application/json',
            'user-agent': 'Signpost-Webhooks/1',
            [SIGNATURE_HEADER]: signatureHeader(request.secret, request.body, at),
            [EVENT_HEADER]: request.event,
            [DELIVERY_HEADER]: request.deliveryId,
          },
          body: request.body,
        });
        const text = await boundedText(response, MAX_RESPONSE_CHARS);
        return { ok: response.ok, status: response.status, durationMs: elapsed(), response: text };
      } catch (error) {
        const reason = signal.aborted
          ? `no answer within ${options.timeoutMs} ms`
          : `${error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error)}`;
        return {
          ok: false,
          status: null,
          durationMs: elapsed(),
          response: reason.slice(0, MAX_RESPONSE_CHARS),
        };
      }
    },
  };
}

async function sendMail(
  request: SendRequest,
  mailer: Mailer | undefined,
  elapsed: () => number,
): Promise<SendOutcome> {
  if (!mailer) return { ok: false, status: null, durationMs: elapsed(), response: 'no mailer configured' };
  try {
    const mail = JSON.parse(request.body) as { subject?: unknown; text?: unknown };
    await mailer.send({
      to: request.url.slice('mailto:'.length),
      subject: typeof mail.subject === 'string' ? mail.subject : `Signpost: ${request.event}`,
      text: typeof mail.text === 'string' ? mail.text : request.body,
    });
    return { ok: true, status: null, durationMs: elapsed(), response: 'accepted by the mail server' };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, status: null, durationMs: elapsed(), response: reason.slice(0, MAX_RESPONSE_CHARS) };
  }
}
