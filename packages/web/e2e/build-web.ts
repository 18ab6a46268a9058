import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

export const WEB_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const WEB_DIST = path.join(WEB_ROOT, 'dist');
// Several browser test files run in parallel workers; one builds while the others wait, so no build empties
// dist/ under a server that is already serving it.
const LOCK = path.join(WEB_ROOT, '.build-lock');
const STALE_LOCK_MS = 120_000;

const newestSource = (): number =>
  Math.max(
    statSync(path.join(WEB_ROOT, 'index.html')).mtimeMs,
    ...readdirSync(path.join(WEB_ROOT, 'src'), { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => statSync(path.join(e.parentPath, e.name)).mtimeMs),
  );

const upToDate = (): boolean => {
  const index = path.join(WEB_DIST, 'index.html');
  return existsSync(index) && statSync(index).mtimeMs >= newestSource();
};

function tryLock(): boolean {
  try {
    mkdirSync(LOCK);
    return true;
  } catch {
    // A lock left by a killed run would block every later one.
    const since = statSync(LOCK, { throwIfNoEntry: false })?.mtimeMs ?? Date.now();
    if (Date.now() - since > STALE_LOCK_MS) rmSync(LOCK, { recursive: true, force: true });
    return false;
  }
}

/** The browser tests serve the real build: built here when missing or older than the sources. */
export async function ensureWebBuilt(): Promise<string> {
  while (!upToDate()) {
    if (!tryLock()) {
      await new Promise((r) => setTimeout(r, 200));
      continue;
    }
    try {
      if (!upToDate()) await build({ configFile: path.join(WEB_ROOT, 'vite.config.ts'), logLevel: 'warn' });
    } finally {
      rmSync(LOCK, { recursive: true, force: true });
    }
  }
  return WEB_DIST;
}
