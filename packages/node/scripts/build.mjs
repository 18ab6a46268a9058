// Builds packages/node/dist: one ESM file per entry of package.json's exports map and per CLI, with
// @signpost/flags-engine bundled in (it ships TypeScript source only) and every other package left external.
// Runs from the root "prepare" (so `npm ci` leaves a working package) and before `npm test`. Entry files that
// do not exist yet are skipped. Files are replaced atomically, so a test reading dist never sees half a file.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const distDir = path.join(packageDir, 'dist');
const BUNDLED = new Set(['@signpost/flags-engine']);
const CLIS = ['codegen-cli'];

/** `{ outName: sourcePath }` from exports (`types` → `default`) and the CLIs. */
function entryPoints(pkg) {
  const entries = {};
  const add = (source, output) => {
    const src = path.join(packageDir, source);
    if (!existsSync(src)) return;
    entries[path.relative(distDir, path.join(packageDir, output)).replace(/\.js$/, '')] = src;
  };
  for (const target of Object.values(pkg.exports ?? {})) {
    if (typeof target === 'object' && target.types && target.default) add(target.types, target.default);
  }
  // The bins are committed launchers (bin/) that import these built CLIs.
  for (const cli of CLIS) add(`./src/${cli}.ts`, `./dist/${cli}.js`);
  return entries;
}

const externalExceptEngine = {
  name: 'external-except-engine',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      const name = args.path.startsWith('@')
        ? args.path.split('/').slice(0, 2).join('/')
        : args.path.split('/')[0];
      return BUNDLED.has(name) ? undefined : { path: args.path, external: true };
    });
  },
};

function writeAtomically(file, contents) {
  mkdirSync(path.dirname(file), { recursive: true });
  if (existsSync(file) && readFileSync(file).equals(Buffer.from(contents))) return;
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, contents, { mode: file.endsWith('cli.js') ? 0o755 : 0o644 });
  renameSync(temp, file);
}

function removeStale(dir, keep) {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) removeStale(full, keep);
    else if (!keep.has(full)) rmSync(full, { force: true });
  }
}

const pkg = JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8'));
const entries = entryPoints(pkg);
let result;
try {
  result = await build({
    entryPoints: entries,
    outdir: distDir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    chunkNames: 'chunks/[name]-[hash]',
    sourcemap: true,
    write: false,
    logLevel: 'warning',
    plugins: [externalExceptEngine],
  });
} catch {
  // esbuild has already printed the errors with their locations.
  console.error('@signpost/node: build failed');
  process.exit(1);
}
const written = new Set();
for (const file of result.outputFiles) {
  writeAtomically(file.path, file.contents);
  written.add(file.path);
}
removeStale(distDir, written);
console.log(
  `@signpost/node: built ${Object.keys(entries).length} entries into dist/ (${Object.keys(entries).join(', ')})`,
);
