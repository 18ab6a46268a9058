import { execFileSync } from 'node:child_process';
import { REPO_ROOT } from '../ingest/server-process.ts';

/** Runs git in this checkout and returns its trimmed stdout (stderr is passed through); throws on failure. */
export const git = (...args: string[]): string =>
  execFileSync('git', args, { cwd: REPO_ROOT, encoding: 'utf8' }).trim();

/** What "current" means in a regression run: the working tree, which may differ from its commit. */
export function describeWorkingTree(): string {
  const head = git('rev-parse', '--short=12', 'HEAD');
  const changed = git('status', '--porcelain').split('\n').filter(Boolean).length;
  return changed > 0
    ? `the working tree at \`${head}\` with ${changed} changed or untracked file(s)`
    : `the working tree at \`${head}\` (clean)`;
}
