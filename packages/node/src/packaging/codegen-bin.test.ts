import { execFileSync, spawnSync } from 'node:child_process';
import { accessSync, constants, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const pkg = JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as {
  bin: Record<string, string>;
  files: string[];
};

describe('the signpost-codegen bin', () => {
  const bin = pkg.bin['signpost-codegen'] ?? '';

  it('points at a committed file, so npm links it before prepare has built dist/', () => {
    expect(bin).not.toMatch(/^\.?\/?dist\//);
    const tracked = execFileSync('git', ['ls-files', '--', bin], { cwd: packageDir, encoding: 'utf8' });
    expect(tracked.trim()).toBe(path.normalize(bin));
    accessSync(path.join(packageDir, bin), constants.X_OK);
    expect(pkg.files).toContain(bin.replace(/^\.\//, '').split('/')[0]);
    // `npm ci` links bins from the lockfile's copy of the workspace's package.json, not from package.json.
    const lock = JSON.parse(readFileSync(path.join(packageDir, '../../package-lock.json'), 'utf8')) as {
      packages: Record<string, { bin?: Record<string, string> }>;
    };
    expect(lock.packages['packages/node']?.bin?.['signpost-codegen']).toBe(path.normalize(bin));
  });

  it('runs the built CLI: no arguments is a usage error naming what is missing', () => {
    const run = spawnSync(process.execPath, [path.join(packageDir, bin)], { encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('INVALID_ARGUMENTS');
    expect(run.stderr).toContain('--host');
  });
});
