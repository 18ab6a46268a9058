import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Pinned: the launcher relies on chdb_query_cmdline and clickhouse-local's listeners, not a documented API. */
export const CHDB_VERSION = '3.4.0';
const LIB_PACKAGE = '@chdb/lib-linux-x64-gnu';

export interface ChdbToolchain {
  /** libchdb.so: ClickHouse 26.7 as one shared library (566 MB). */
  lib: string;
  /** The compiled launcher that serves the library over HTTP and TCP. */
  launcher: string;
}

/**
 * Where chdb lives: outside the repository, so `npm ci` stays light for users and the 566 MB library is
 * downloaded once per machine (and kept across CI runs on it).
 */
export function chdbCacheDir(): string {
  return path.join(homedir(), '.cache', 'signpost', 'chdb');
}

/** Installs chdb (pinned) into the cache on first use and builds the launcher next to it with gcc. */
export function ensureChdbToolchain(dir = chdbCacheDir()): ChdbToolchain {
  mkdirSync(dir, { recursive: true });
  const lib = path.join(dir, 'node_modules', LIB_PACKAGE, 'libchdb.so');
  if (!existsSync(lib)) {
    const manifest = path.join(dir, 'package.json');
    if (!existsSync(manifest))
      writeFileSync(manifest, `${JSON.stringify({ name: 'signpost-chdb-cache', private: true })}\n`);
    // Cold: ~40 s (the library is 566 MB); the npm cache makes a reinstall ~20 s.
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--save-exact', `chdb@${CHDB_VERSION}`], {
      cwd: dir,
      stdio: 'inherit',
    });
    if (!existsSync(lib)) throw new Error(`chdb@${CHDB_VERSION} installed no ${LIB_PACKAGE}/libchdb.so`);
  }
  const launcher = path.join(dir, `chlaunch-${CHDB_VERSION}`);
  if (!existsSync(launcher)) {
    const source = fileURLToPath(new URL('./chlaunch.c', import.meta.url));
    // Built to a temporary name and renamed, so parallel workers never run a half-written binary.
    const partial = `${launcher}.${process.pid}`;
    execFileSync('gcc', ['-O2', '-o', partial, source, '-ldl'], { stdio: 'inherit' });
    execFileSync('mv', ['-f', partial, launcher]);
  }
  return { lib, launcher };
}
