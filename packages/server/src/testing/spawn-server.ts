import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './test-server.ts';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const MAIN = path.join(REPO_ROOT, 'packages/server/src/main.ts');

export interface SpawnedServer {
  child: ChildProcess;
  url: string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Everything the process printed so far (stdout and stderr), for failure messages. */
  output: () => string;
}

/**
 * `main.ts` as its own process (from source under tsx; `npm start` runs the same code bundled), for tests that
 * kill it, fill its disk or restart it; resolves once `/_health` answers `ok`. The caller owns the process (kill it in `afterAll`). `env` is the
 * child's whole environment: the calling test passes its own environment plus the SIGNPOST_ variables (only tests and config.ts read the
 * process environment).
 */
export async function spawnServer(
  env: NodeJS.ProcessEnv,
  /** Node's arguments: the source under tsx unless a test runs another entry (the bundled `bin/start.mjs`). */
  args: readonly string[] = ['--import', 'tsx', MAIN],
): Promise<SpawnedServer> {
  const port = await freePort();
  const child = spawn(process.execPath, args, {
    cwd: REPO_ROOT,
    env: { SIGNPOST_LOG_LEVEL: 'warn', ...env, SIGNPOST_HOST: '127.0.0.1', SIGNPOST_PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (d: Buffer) => {
    output += d.toString();
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`the server exited before it was ready:\n${output}`);
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the server was not healthy within 30 s:\n${output}`);
    }
    try {
      const response = await fetch(`${url}/_health`);
      if (response.status === 200 && ((await response.json()) as { status?: string }).status === 'ok') break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { child, url, exited, output: () => output };
}
