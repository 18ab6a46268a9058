import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { listenErrorMessage } from './listen.ts';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const MAIN = path.join(REPO_ROOT, 'packages/server/src/main.ts');

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/** Runs `npm start`'s command to its exit, with the given listen address. */
function start(
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'signpost-listen-'));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    cwd: REPO_ROOT,
    env: { ...process.env, SIGNPOST_DATA_DIR: dataDir, SIGNPOST_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  cleanups.push(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
}

function holdPort(): Promise<{ server: Server; port: number }> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      cleanups.push(() => server.close());
      resolve({ server, port: typeof address === 'object' && address ? address.port : 0 });
    });
  });
}

describe('starting on an address it cannot take', () => {
  it('prints one line naming the address, the cause and SIGNPOST_PORT when the port is in use, and exits 1', async () => {
    const { port } = await holdPort();
    const run = await start({ SIGNPOST_HOST: '127.0.0.1', SIGNPOST_PORT: String(port) });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `signpost: cannot listen on 127.0.0.1:${port}: the port is already in use (another Signpost, or another program); set SIGNPOST_PORT to a free port.\n`,
    );
  }, 60_000);

  it('names SIGNPOST_HOST when the host is not an address of this machine', async () => {
    // 192.0.2.0/24 is TEST-NET-1 (RFC 5737), never assigned to a real interface.
    const run = await start({ SIGNPOST_HOST: '192.0.2.1', SIGNPOST_PORT: '0' });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^signpost: cannot listen on 192\.0\.2\.1:0: .*SIGNPOST_HOST.*\n$/);
    expect(run.stderr.split('\n')).toHaveLength(2);
  }, 60_000);

  it('explains a privileged port, which a test running as root cannot provoke', () => {
    const error = Object.assign(new Error('listen EACCES: permission denied 0.0.0.0:80'), { code: 'EACCES' });
    expect(listenErrorMessage(error, '0.0.0.0', 80)).toBe(
      'cannot listen on 0.0.0.0:80: permission denied (ports below 1024 need privileges); set SIGNPOST_PORT to a port above 1023.',
    );
    expect(listenErrorMessage(error, '::1', 80)).toMatch(/^cannot listen on \[::1\]:80: /);
  });
});
