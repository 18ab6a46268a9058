import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

// The real posthog-js browser bundle, served from its own origin so the page talks to Signpost cross-origin as
// a site would.

const require = createRequire(import.meta.url);
const bundlePath = path.join(path.dirname(require.resolve('posthog-js/package.json')), 'dist/array.full.js');

export interface PageAnswer {
  html: string;
  headers?: Record<string, string>;
}

export interface PageServer {
  origin: string;
  close(): Promise<void>;
}

/** Serves /posthog.js and, for any other URL, the page `answer` gives (404 when it gives none). */
export async function servePosthogPage(answer: (url: string) => PageAnswer | undefined): Promise<PageServer> {
  const bundle = readFileSync(bundlePath);
  const server = createServer((req, res) => {
    if (req.url === '/posthog.js') {
      res.writeHead(200, { 'content-type': 'application/javascript' });
      res.end(bundle);
      return;
    }
    const page = answer(req.url ?? '/');
    if (!page) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...page.headers });
    res.end(page.html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The page at `/` (with or without a query string), as the tests that load one page serve it. */
export const rootPage =
  (html: () => string) =>
  (url: string): PageAnswer | undefined =>
    url === '/' || url.startsWith('/?') ? { html: html() } : undefined;
