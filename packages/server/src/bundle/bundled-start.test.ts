import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { type SpawnedServer, spawnServer } from '../testing/spawn-server.ts';
import { runServerUntilExit } from '../testing/spawn-until-exit.ts';

// `npm start` runs bin/start.mjs: the server bundled by bin/bundle.mjs, rebuilt when a source file changed.

const SERVER_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const START = path.join(SERVER_DIR, 'bin/start.mjs');
const MANIFEST = path.join(SERVER_DIR, 'dist/signpost.build.json');
/** Packages only distributed mode, SMTP or single sign-on load: an embedded start must not import them. */
const ON_DEMAND = ['pg', '@clickhouse/client', 'nodemailer', 'openid-client'];

const manifest = () =>
  JSON.parse(readFileSync(MANIFEST, 'utf8')) as { entry: string; inputs: Record<string, number> };

/** The bare packages a module imports statically, following its static imports of our own chunks. */
function staticPackages(file: string, seen = new Set<string>()): Set<string> {
  const packages = new Set<string>();
  if (seen.has(file)) return packages;
  seen.add(file);
  for (const [, from] of readFileSync(file, 'utf8').matchAll(/^import\s[^;]*?from\s*"([^"]+)";?$/gm)) {
    if (from === undefined) continue;
    if (from.startsWith('.')) {
      for (const p of staticPackages(path.resolve(path.dirname(file), from), seen)) packages.add(p);
    } else packages.add(from);
  }
  return packages;
}

describe('the bundled server', () => {
  const folders: string[] = [];
  const servers: SpawnedServer[] = [];
  const dataDir = () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'signpost-bundle-'));
    folders.push(dir);
    return dir;
  };
  afterAll(async () => {
    for (const s of servers) {
      s.child.kill('SIGTERM');
      await s.exited;
    }
    for (const dir of folders) rmSync(dir, { recursive: true, force: true });
  });

  it('serves the API and the web app, and loads no package a mode it does not run needs', async () => {
    execFileSync(process.execPath, [path.join(SERVER_DIR, 'bin/bundle.mjs')]);
    const entry = path.join(SERVER_DIR, manifest().entry);
    const imported = staticPackages(entry);
    // A package every start needs (metrics), so the scan above reads the imports it should.
    expect(imported.has('prom-client')).toBe(true);
    for (const name of ON_DEMAND) expect(imported.has(name), name).toBe(false);
    // One non-ASCII character would make V8 hold that whole module's source as two bytes per character.
    const outputs = [
      entry,
      ...readdirSync(path.join(path.dirname(entry), 'chunks')).map((c) => `chunks/${c}`),
    ];
    for (const file of outputs) {
      const text = readFileSync(path.resolve(path.dirname(entry), file), 'utf8');
      expect(text.match(/[\u0080-\uffff]/g) ?? [], file).toEqual([]);
    }

    const server = await spawnServer({ ...process.env, SIGNPOST_DATA_DIR: dataDir() }, [START]);
    servers.push(server);
    // Built before the start: nothing to rebuild.
    expect(server.output()).not.toContain('building the server');
    const openapi = (await (await fetch(`${server.url}/openapi.json`)).json()) as {
      info: { version: string };
    };
    const version = (
      JSON.parse(readFileSync(path.join(SERVER_DIR, 'package.json'), 'utf8')) as { version: string }
    ).version;
    expect(openapi.info.version).toBe(version);
    const page = await fetch(`${server.url}/feature_flags`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    // The built web app, found from the bundle's own folder (not the "web app not built" page).
    expect(await page.text()).toMatch(/<script type="module"[^>]*src="\/assets\//);
  });

  it('rebuilds before it starts when a source file changed since the last build', async () => {
    const before = manifest().entry;
    const source = path.join(SERVER_DIR, 'src/util/server-package-dir.ts');
    const now = new Date();
    utimesSync(source, now, now);
    const server = await spawnServer({ ...process.env, SIGNPOST_DATA_DIR: dataDir() }, [START]);
    servers.push(server);
    expect(server.output()).toContain('building the server (src/util/server-package-dir.ts changed)');
    expect(manifest().entry).not.toBe(before);
    expect((await fetch(`${server.url}/_health`)).status).toBe(200);
  });

  it('loads the distributed-mode chunk on demand: an unreachable cluster is named, not a module error', async () => {
    const exited = await runServerUntilExit(
      {
        ...process.env,
        SIGNPOST_DATA_DIR: dataDir(),
        SIGNPOST_DATABASE_URL: 'postgres://signpost:secret@127.0.0.1:1/signpost',
        SIGNPOST_CLICKHOUSE_URL: 'http://127.0.0.1:2',
      },
      30_000,
      [START],
    );
    expect(exited.code).toBe(1);
    expect(exited.stderr).toContain('distributed mode cannot start: 2 servers are not usable');
    expect(exited.stderr).toContain('PostgreSQL 127.0.0.1:1');
  });
});
