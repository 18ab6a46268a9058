import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { Hono } from 'hono';
import { isReservedPath, wantsHtml } from './reserved-paths.ts';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.map': 'application/json',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

// The app renders untrusted event names and property values; even if one slipped past escaping, this policy
// refuses inline and foreign scripts. Styles set through the DOM (not markup) are unaffected by style-src.
const HTML_HEADERS = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'cache-control': 'no-cache',
};

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>Signpost</title>
<p>The web app is not built. Run <code>npm run build -w packages/web</code> (npm ci does it for you).</p>`;

/**
 * Serves the built single-page app: files under `webDir` as they are, and index.html for every other GET
 * outside the server's own paths from a client that asks for HTML, so client-side routes survive a reload. Vite fingerprints everything under
 * /assets/, so those are cached for good.
 */
export function webAppRoutes(webDir: string): Hono {
  const app = new Hono({ strict: false });
  const root = path.resolve(webDir);

  const fileAt = async (pathname: string): Promise<string | undefined> => {
    let decoded: string;
    try {
      decoded = decodeURIComponent(pathname);
    } catch {
      return undefined;
    }
    const resolved = path.resolve(root, `.${decoded}`);
    if (!resolved.startsWith(`${root}${path.sep}`)) return undefined;
    const info = await stat(resolved).catch(() => undefined);
    return info?.isFile() ? resolved : undefined;
  };

  app.get('*', async (c, next) => {
    const pathname = c.req.path;
    if (isReservedPath(pathname)) return next();
    const file = pathname === '/' ? undefined : await fileAt(pathname);
    if (file) {
      const type = CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream';
      const immutable = pathname.startsWith('/assets/');
      return c.body(await readFile(file), 200, {
        'content-type': type,
        'x-content-type-options': 'nosniff',
        'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      });
    }
    // A missing file with an extension is a broken link, not a client-side route; and a client that does not
    // ask for HTML is a program probing an endpoint, which gets the JSON 404.
    if (path.extname(pathname) !== '' || !wantsHtml(c.req.header('accept'))) return next();
    const index = await readFile(path.join(root, 'index.html'), 'utf8').catch(() => NOT_BUILT);
    return c.body(index, 200, { ...HTML_HEADERS, 'content-type': CONTENT_TYPES['.html'] ?? 'text/html' });
  });
  return app;
}
