import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';

export const REPO_ROOT = path.resolve(import.meta.dirname, '../..');

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface ServerProcess {
  child: ChildProcess;
  pid: number;
  url: string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output(): string;
}

/** Starts the server (main.ts under tsx, or bundled) as a child process and waits for `GET /_health` → 200. */
export async function startServer(options: {
  dataDir: string;
  env: Record<string, string>;
  nodeArgs?: string[];
  /** Entry module, default the server's main.ts under `root`. */
  entry?: string;
  /**
   * Checkout whose server is started (and its working directory), default this repo; another one, such as an
   * earlier revision's worktree (bench/regression), must be able to resolve its own node_modules.
   */
  root?: string;
  /** How long to wait for `/_health`, default 30 s; a loaded shared machine can need more. */
  readyWithinMs?: number;
  /** Run what `npm start` runs, the bundled server (`packages/server/bin/start.mjs`), instead of main.ts under tsx. */
  bundled?: boolean;
}): Promise<ServerProcess> {
  const port = await freePort();
  const root = options.root ?? REPO_ROOT;
  const entry = options.bundled
    ? [path.join(root, 'packages/server/bin/start.mjs')]
    : ['--import', 'tsx', options.entry ?? path.join(root, 'packages/server/src/main.ts')];
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), ...entry], {
    cwd: root,
    env: {
      ...process.env,
      SIGNPOST_HOST: '127.0.0.1',
      SIGNPOST_PORT: String(port),
      SIGNPOST_DATA_DIR: options.dataDir,
      SIGNPOST_LOG_LEVEL: 'warn',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (d: Buffer) => {
    output = (output + d.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  const url = `http://127.0.0.1:${port}`;
  const readyWithinMs = options.readyWithinMs ?? 30_000;
  const deadline = Date.now() + readyWithinMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`server exited:\n${output}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server not healthy within ${readyWithinMs / 1000} s:\n${output}`);
    }
    try {
      const response = await fetch(`${url}/_health`);
      if (response.status === 200) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { child, pid: child.pid ?? 0, url, exited, output: () => output };
}

/** Resident set size of a process in bytes (VmRSS), or 0 if it is gone. */
export function rssBytes(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** User + system CPU seconds a process has used so far (from /proc/<pid>/stat). */
export function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[11] = utime, fields[12] = stime (1-based 14 and 15 in proc(5)), in clock ticks (100/s on Linux).
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}
