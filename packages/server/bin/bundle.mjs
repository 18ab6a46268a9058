// Builds the server into plain ESM (dist/builds/<id>/signpost.mjs plus chunks) so that `npm start` runs it with
// plain Node: no TypeScript loader in the process and ~600 fewer module loads (bench/startup in bench/RESULTS.md).
// Code only one mode needs (distributed storage, single sign-on) is split into chunks loaded on demand.
// Plain JavaScript on purpose: it must run before anything can compile TypeScript.
import { readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SERVER_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BUILDS_DIR = path.join(SERVER_DIR, 'dist', 'builds');
/** The current build's entry file and every source file it was built from, each with the mtime it had then. */
const MANIFEST_FILE = path.join(SERVER_DIR, 'dist', 'signpost.build.json');
/** Older builds kept so that a server started from one can still load its on-demand chunks. */
const KEEP_BUILDS = 3;

/**
 * Packages every start loads, bundled too: @duckdb/node-api alone is 124 CommonJS files that Node would resolve,
 * read and scan one by one. Their native parts (@duckdb/node-bindings) and the packages only some setups load
 * (pg, @clickhouse/client, nodemailer, openid-client) stay in node_modules. Our workspace packages export
 * TypeScript, so they are always bundled.
 */
const BUNDLED = new Set([
  '@duckdb/node-api',
  'hono',
  '@hono/node-server',
  'zod',
  'ua-parser-js',
  'lz-string',
  'mmdb-lib',
]);

function externalPackages() {
  const manifest = JSON.parse(readFileSync(path.join(SERVER_DIR, 'package.json'), 'utf8'));
  const names = Object.keys(manifest.dependencies ?? {}).filter(
    (name) => !name.startsWith('@signpost/') && !BUNDLED.has(name),
  );
  return ['@duckdb/node-bindings', ...names].flatMap((name) => [name, `${name}/*`]);
}

function mtimeOf(file) {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return -1;
  }
}

function readManifest() {
  try {
    return JSON.parse(readFileSync(MANIFEST_FILE, 'utf8'));
  } catch {
    return undefined;
  }
}

/** The entry file of the current build, or why it must be (re)built: missing, or a source file changed since. */
export function currentBuild() {
  const manifest = readManifest();
  const entry = manifest && path.join(SERVER_DIR, manifest.entry);
  if (!entry || mtimeOf(entry) < 0) return { stale: 'not built yet' };
  for (const [file, mtime] of Object.entries(manifest.inputs)) {
    if (mtimeOf(path.join(SERVER_DIR, file)) !== mtime) return { stale: `${file} changed` };
  }
  return { entry };
}

/**
 * One build into a folder of its own, then the manifest renamed over the old one: a start running at the same
 * time reads either the old build or the new one, never half of one. Returns the new entry file.
 */
export async function buildBundle() {
  const esbuild = await import('esbuild');
  const id = `${Date.now().toString(36)}-${process.pid}`;
  const outdir = path.join(BUILDS_DIR, id);
  const result = await esbuild.build({
    entryPoints: { signpost: path.join(SERVER_DIR, 'src', 'main.ts') },
    outdir,
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
    external: externalPackages(),
    metafile: true,
    logLevel: 'error',
    legalComments: 'eof',
    // Bundled CommonJS packages call require() for what stays external (the DuckDB binding, Node's modules).
    banner: {
      js: "import { createRequire as __signpostRequire } from 'node:module'; const require = __signpostRequire(import.meta.url);",
    },
    // No `keepNames`: it wraps every closure in a `__name(…)` call each time one is created, which cost the
    // ingestion path ~10% (bench/ingest side by side); esbuild keeps names as written unless two modules collide.
  });
  for (const output of Object.keys(result.metafile.outputs))
    escapeNonAscii(path.resolve(process.cwd(), output));
  const inputs = {};
  for (const input of Object.keys(result.metafile.inputs)) {
    const relative = path.relative(SERVER_DIR, path.resolve(process.cwd(), input));
    inputs[relative] = mtimeOf(path.join(SERVER_DIR, relative));
  }
  const entry = path.join(outdir, 'signpost.mjs');
  const temporary = `${MANIFEST_FILE}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify({ entry: path.relative(SERVER_DIR, entry), inputs }));
  renameSync(temporary, MANIFEST_FILE);
  pruneOldBuilds();
  return entry;
}

/**
 * esbuild escapes non-ASCII characters in code but keeps the comments it leaves in as written, and V8 holds a
 * module's source for as long as the module lives: one "→" in a comment makes the whole 1.6 MB source a two-byte
 * string (3.2 MB). In a comment a `\uXXXX` is just text (esbuild left none in code), so escaping every non-ASCII
 * character changes no behaviour and keeps each source one byte per character (2.4 MB less heap when idle).
 */
function escapeNonAscii(file) {
  const source = readFileSync(file, 'utf8');
  const ascii = source.replace(
    /[\u0080-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  if (ascii !== source) writeFileSync(file, ascii);
}

function pruneOldBuilds() {
  const builds = readdirSync(BUILDS_DIR)
    .map((name) => ({ name, at: mtimeOf(path.join(BUILDS_DIR, name)) }))
    .sort((a, b) => b.at - a.at);
  for (const old of builds.slice(KEEP_BUILDS))
    rmSync(path.join(BUILDS_DIR, old.name), { recursive: true, force: true });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildBundle();
