import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const MAIN = path.join(REPO_ROOT, 'packages/server/src/main.ts');

export interface ExitedServer {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  stdout: string;
  /** From spawn to exit, including Node and tsx starting (about 1–3 s on a busy machine). */
  elapsedMs: number;
}

/**
 * `main.ts` as `npm start` runs it, for starts that must fail: resolves when the process exits, or kills it
 * after `timeoutMs` (the result then has `signal: 'SIGKILL'`). `env` is the child's whole environment, as
 * with spawnServer.
 */
export function runServerUntilExit(
  env: NodeJS.ProcessEnv,
  timeoutMs = 30_000,
  /** Node's arguments: the source under tsx unless a test runs another entry (the bundled `bin/start.mjs`). */
  args: readonly string[] = ['--import', 'tsx', MAIN],
): Promise<ExitedServer> {
  const started = performance.now();
  const child = spawn(process.execPath, args, {
    cwd: REPO_ROOT,
    env: { SIGNPOST_LOG_LEVEL: 'warn', SIGNPOST_HOST: '127.0.0.1', SIGNPOST_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const kill = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  return new Promise((resolve) => {
    // 'close', not 'exit': only then has everything the process printed arrived.
    child.once('close', (code, signal) => {
      clearTimeout(kill);
      resolve({ code, signal, stderr, stdout, elapsedMs: performance.now() - started });
    });
  });
}
