import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type DELIVERY_HEADER,
  type EVENT_HEADER,
  SIGNATURE_HEADER,
  verifySignature,
} from './webhook-signature.ts';

/** What the receiver does with the next request: answer with a status, or hold the connection open. */
export type Behaviour = number | 'hang';

export interface Received {
  body: string;
  headers: IncomingHttpHeaders;
  /** The receiver's verdict on the signature (replays older than 5 minutes are `expired`). */
  verdict: 'ok' | 'malformed' | 'mismatch' | 'expired' | 'unsigned';
  answered: number | 'hang';
}

/**
 * A real HTTP receiver on a loopback port, as a customer would write it: it checks the signature with the
 * subscription's secret and refuses old timestamps (401), otherwise answers what the test scripted.
 */
export class WebhookReceiver {
  readonly received: Received[] = [];
  secret = '';
  /** The receiver's clock, moved by tests to make a captured request look old. */
  now: () => Date = () => new Date();
  private readonly script: Behaviour[] = [];
  private fallback: Behaviour = 200;
  private readonly waiters: (() => void)[] = [];
  private server: Server | undefined;
  url = '';

  /** Listens on `port` (a freed one, to come back where an earlier receiver was), or any free one. */
  async start(port = 0): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const header = req.headers[SIGNATURE_HEADER];
        const check =
          typeof header === 'string' ? verifySignature(this.secret, body, header, this.now()) : null;
        const verdict = check === null ? 'unsigned' : check.ok ? 'ok' : check.reason;
        const behaviour: Behaviour = verdict === 'ok' ? (this.script.shift() ?? this.fallback) : 401;
        this.received.push({ body, headers: req.headers, verdict, answered: behaviour });
        for (const w of this.waiters.splice(0)) w();
        if (behaviour === 'hang') return;
        res
          .writeHead(behaviour, { 'content-type': 'text/plain' })
          .end(`answered ${behaviour} ${'x'.repeat(3000)}`);
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(port, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook`;
    return this;
  }

  /** The next answers, in order; after them every request gets `then`. */
  answer(script: Behaviour[], then: Behaviour = 200): void {
    this.script.splice(0, this.script.length, ...script);
    this.fallback = then;
  }

  /** Resolves once `count` requests have arrived (rejects after `ms`). */
  async waitFor(count: number, ms = 5000): Promise<Received[]> {
    const deadline = Date.now() + ms;
    while (this.received.length < count) {
      if (Date.now() > deadline)
        throw new Error(`the receiver got ${this.received.length} requests, expected ${count}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
    return this.received;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}

export const headerOf = (
  r: Received,
  name: typeof EVENT_HEADER | typeof DELIVERY_HEADER | typeof SIGNATURE_HEADER,
) => String(r.headers[name]);
