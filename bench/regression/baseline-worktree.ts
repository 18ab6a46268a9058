import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../ingest/server-process.ts';
import { git } from './git.ts';

/**
 * An earlier revision checked out beside this one (`git worktree add --detach`), runnable without `npm ci`:
 * its node_modules is a folder of symlinks to this checkout's entries, except `@signpost/*`, which point at
 * the baseline's own workspace folders so its server runs its own flags-engine and not the current one. The
 * server runs from TypeScript source through tsx and imports no built workspace package, so nothing is built.
 */
export interface Baseline {
  /** The revision as given, e.g. `HEAD~1`. */
  rev: string;
  sha: string;
  subject: string;
  /** The worktree: pass it as the benches' --server-root. */
  dir: string;
  /** Where each of the baseline server's `@signpost/*` dependencies resolved (proof it uses its own). */
  resolved: string[];
  /** Its package-lock.json differs from this checkout's: it then runs on this checkout's dependency versions. */
  lockfileDiffers: boolean;
  /** Holds `dir`; removed with it. */
  parent: string;
}

export function createBaseline(rev: string): Baseline {
  const sha = git('rev-parse', '--verify', '--end-of-options', `${rev}^{commit}`);
  const parent = mkdtempSync(path.join(tmpdir(), 'signpost-regression-'));
  const dir = path.join(parent, 'baseline');
  const partial = { rev, sha, dir, parent };
  try {
    git('worktree', 'add', '--detach', dir, sha);
    linkNodeModules(dir);
    return {
      ...partial,
      subject: git('log', '-1', '--format=%s', sha),
      resolved: checkResolution(dir),
      lockfileDiffers: lockfileDiffers(sha),
    };
  } catch (error) {
    removeBaseline(partial);
    throw error;
  }
}

/** Removes the worktree and its folder; safe to call twice and after a partial creation. */
export function removeBaseline(baseline: Pick<Baseline, 'dir' | 'parent'>): void {
  // The symlinks go first so that nothing below walks into this checkout's node_modules.
  rmSync(path.join(baseline.dir, 'node_modules'), { recursive: true, force: true });
  try {
    if (existsSync(baseline.dir)) git('worktree', 'remove', '--force', baseline.dir);
  } catch (error) {
    console.error(`git worktree remove failed (${String(error)}); deleting the folder instead`);
  }
  rmSync(baseline.parent, { recursive: true, force: true });
  try {
    git('worktree', 'prune');
  } catch {
    // Only bookkeeping: a stale entry is pruned by the next `git worktree prune` anyway.
  }
}

function linkNodeModules(dir: string): void {
  const source = path.join(REPO_ROOT, 'node_modules');
  const target = path.join(dir, 'node_modules');
  mkdirSync(target);
  for (const name of readdirSync(source)) {
    if (name !== '@signpost') symlinkSync(path.join(source, name), path.join(target, name));
  }
  const scope = path.join(target, '@signpost');
  mkdirSync(scope);
  const root = realpathSync(REPO_ROOT);
  for (const name of readdirSync(path.join(source, '@signpost'))) {
    // npm links each workspace package to its folder (packages/…, examples/…); the baseline's folder of the
    // same name is that package at the baseline revision.
    const folder = path.relative(root, realpathSync(path.join(source, '@signpost', name)));
    const own = path.join(dir, folder);
    if (folder.startsWith('..') || !existsSync(path.join(own, 'package.json'))) continue;
    symlinkSync(own, path.join(scope, name));
    // npm nests a dependency under the package when versions clash; the baseline has no install of its own.
    const nested = path.join(root, folder, 'node_modules');
    if (existsSync(nested) && !existsSync(path.join(own, 'node_modules')))
      symlinkSync(nested, path.join(own, 'node_modules'));
  }
}

/** Resolves the baseline server's `@signpost/*` dependencies from its own folder and insists they stay inside it. */
function checkResolution(dir: string): string[] {
  const manifest = path.join(dir, 'packages/server/package.json');
  const { dependencies = {} } = JSON.parse(readFileSync(manifest, 'utf8')) as {
    dependencies?: Record<string, string>;
  };
  const require = createRequire(manifest);
  const inside = `${realpathSync(dir)}${path.sep}`;
  return Object.keys(dependencies)
    .filter((name) => name.startsWith('@signpost/'))
    .map((name) => {
      const file = require.resolve(name);
      if (!file.startsWith(inside))
        throw new Error(`baseline server resolves ${name} outside itself: ${file}`);
      return `${name} → ${path.relative(dir, file)}`;
    });
}

function lockfileDiffers(sha: string): boolean {
  try {
    git('diff', '--quiet', sha, '--', 'package-lock.json');
    return false;
  } catch (error) {
    // Exit status 1 is "differs"; anything else is git failing, which the report should not hide either.
    if ((error as { status?: number }).status === 1) return true;
    throw error;
  }
}
