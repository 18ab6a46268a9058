import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const SEED = path.join(REPO_ROOT, 'packages/server/src/cli/seed-command.ts');
const MAIN = path.join(REPO_ROOT, 'packages/server/src/main.ts');
const PERSONAL_KEY = 'phx_seedcommandtestkey0123456789abcdefghij';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function run(
  script: string,
  args: string[],
  env: Record<string, string>,
): { child: ChildProcess; output: () => { stdout: string; stderr: string } } {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, SIGNPOST_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  cleanups.push(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  return { child, output: () => ({ stdout, stderr }) };
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

describe('npm run seed (command line)', () => {
  it('--help prints the usage with the defaults and exits 0 without touching any data folder', async () => {
    const { child, output } = run(SEED, ['--help'], { SIGNPOST_DATA_DIR: '/nonexistent/signpost-help' });
    expect(await exited(child)).toBe(0);
    const { stdout, stderr } = output();
    expect(stderr).toBe('');
    expect(stdout).toContain('Usage: npm run seed --');
    expect(stdout).toMatch(/--events N\s+events to write \(default 1000000\)/);
    expect(stdout).toMatch(/--days D\s+.*\(default 90\)/);
  }, 30_000);

  it('gives a new project SIGNPOST_PERSONAL_API_KEY, so `npm start` with it is accepted and prints where to open the app', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'signpost-seed-cli-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const env = { SIGNPOST_DATA_DIR: dataDir, SIGNPOST_PERSONAL_API_KEY: PERSONAL_KEY };
    const seed = run(SEED, ['--events', '300', '--days', '2'], env);
    expect(await exited(seed.child), seed.output().stderr).toBe(0);

    const server = run(MAIN, [], { ...env, SIGNPOST_HOST: '127.0.0.1', SIGNPOST_PORT: '0' });
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no address printed: ${JSON.stringify(server.output())}`)),
        60_000,
      );
      server.child.stdout?.on('data', () => {
        const match = /Signpost is running: open (http:\/\/127\.0\.0\.1:\d+\/) in your browser\./.exec(
          server.output().stdout,
        );
        if (match?.[1]) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
      server.child.once('exit', (code) => reject(new Error(`exited ${code}: ${server.output().stderr}`)));
    });
    const res = await fetch(`${url}api/projects/@current/`, {
      headers: { authorization: `Bearer ${PERSONAL_KEY}` },
    });
    expect(res.status).toBe(200);
    const events = await fetch(`${url}api/projects/@current/events/?limit=1`, {
      headers: { authorization: `Bearer ${PERSONAL_KEY}` },
    });
    expect(((await events.json()) as { results: unknown[] }).results).toHaveLength(1);
    server.child.kill('SIGTERM');
    expect(await exited(server.child)).toBe(0);
  }, 120_000);
});
