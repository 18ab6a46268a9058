import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type InProcess, inProcess } from '../testing/in-process.ts';

describe('the web app at /', () => {
  let sp: InProcess;
  let webDir: string;
  beforeAll(async () => {
    webDir = mkdtempSync(path.join(tmpdir(), 'signpost-web-'));
    mkdirSync(path.join(webDir, 'assets'));
    writeFileSync(path.join(webDir, 'index.html'), '<!doctype html><title>app shell</title>');
    writeFileSync(path.join(webDir, 'assets', 'index-abc123.js'), 'console.log(1)');
    writeFileSync(path.join(webDir, 'favicon.svg'), '<svg/>');
    sp = await inProcess('memory', { SIGNPOST_WEB_DIR: webDir });
  });
  afterAll(async () => {
    await sp.stop();
    rmSync(webDir, { recursive: true, force: true });
  });

  const get = (p: string) => sp.signpost.app.request(p);
  // What a browser sends when it navigates to a page.
  const navigate = (p: string) =>
    sp.signpost.app.request(p, { headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } });

  it('answers client-side routes with the app shell under a strict content security policy', async () => {
    for (const p of ['/', '/feature_flags', '/feature_flags/12/edit', '/persons/abc', '/events']) {
      const r = await navigate(p);
      expect(r.status, p).toBe(200);
      expect(await r.text()).toContain('app shell');
      expect(r.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(r.headers.get('cache-control')).toBe('no-cache');
    }
  });

  it('serves fingerprinted assets for good and other files revalidated', async () => {
    const js = await get('/assets/index-abc123.js');
    expect(js.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(js.headers.get('cache-control')).toContain('immutable');
    expect(await js.text()).toBe('console.log(1)');
    expect((await get('/favicon.svg')).headers.get('content-type')).toBe('image/svg+xml');
    expect((await get('/assets/missing.js')).status).toBe(404);
  });

  it('never shadows the server paths or leaves its folder', async () => {
    expect((await get('/api/projects/@current/feature_flags')).status).toBe(401);
    expect(await (await get('/_health')).json()).toEqual({ status: 'ok' });
    expect((await get('/openapi.json')).headers.get('content-type')).toBe('application/json');
    expect(await (await get('/_auth/session')).json()).toMatchObject({ authenticated: false });
    const sdk = await get('/flags/?v=2');
    expect(await sdk.text()).not.toContain('app shell');
    expect(await (await get('/batch')).text()).not.toContain('app shell');
    for (const p of ['/..%2f..%2fetc%2fpasswd', '/assets/..%2f..%2f..%2fetc%2fhostname', '/%E0%A4%A']) {
      const r = await get(p);
      expect(await r.text(), p).not.toMatch(/root:|localhost/);
    }
  });

  it('answers machine clients probing unknown paths with the JSON 404, never the app shell', async () => {
    const probes: [string, Record<string, string>][] = [
      ['/ofrep/v1/evaluate/flags', { accept: 'text/html' }],
      ['/ofrep/v2/anything', {}],
      ['/i/v1/unknown', { accept: '*/*' }],
      ['/s/', { accept: 'text/html' }],
      ['/some/endpoint', { accept: 'application/json' }],
      ['/some/endpoint', {}],
      ['/robots.txt', { accept: 'text/html' }],
    ];
    for (const [p, headers] of probes) {
      const r = await sp.signpost.app.request(p, { headers });
      expect(r.status, p).toBe(404);
      expect(r.headers.get('content-type'), p).toMatch(/^application\/json/);
      expect(await r.json(), p).toMatchObject({ code: 'NOT_FOUND' });
    }
  });
});
