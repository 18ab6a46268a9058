import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort, REPO_ROOT } from '../ingest/server-process.ts';
import { CONTEXT_FIELDS, strategyBody, unleashSegments, unleashToggles } from './unleash-toggles.ts';

/**
 * Unleash 7.5 for the comparison: unleash-server from npm, installed on first use into bench/.out/unleash (kept
 * out of the workspace's dependencies), on a throw-away Debian PostgreSQL cluster. Everything is started and
 * stopped here; `unavailable()` says why it cannot run, if it cannot.
 */

export const UNLEASH_VERSION = '7.5.1';
const DIR = path.join(REPO_ROOT, 'bench/.out/unleash');
const ADMIN_TOKEN = '*:*.bench-admin-token';
export const FRONTEND_TOKEN = 'default:development.bench-frontend-token';

export interface UnleashServer {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

function pgBin(name: string): string | undefined {
  for (const version of ['17', '16', '15']) {
    const file = `/usr/lib/postgresql/${version}/bin/${name}`;
    if (existsSync(file)) return file;
  }
  return undefined;
}

export function unavailable(): string | undefined {
  if (!pgBin('initdb') || !pgBin('pg_ctl'))
    return 'PostgreSQL is not installed (`apt-get install -y postgresql`).';
  if (process.getuid?.() === 0 && !existsSync('/usr/sbin/runuser')) return 'runuser is missing.';
  return undefined;
}

function installedVersion(): string | undefined {
  const file = path.join(DIR, 'node_modules/unleash-server/package.json');
  return existsSync(file)
    ? (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version
    : undefined;
}

export function ensureInstalled(): void {
  if (installedVersion() === UNLEASH_VERSION) return;
  mkdirSync(DIR, { recursive: true });
  console.log(`installing unleash-server ${UNLEASH_VERSION} into ${path.relative(REPO_ROOT, DIR)}…`);
  execFileSync(
    'npm',
    [
      'install',
      '--prefix',
      DIR,
      `unleash-server@${UNLEASH_VERSION}`,
      '--save-exact',
      '--no-audit',
      '--no-fund',
    ],
    { stdio: 'inherit' },
  );
}

/** Runs a PostgreSQL tool as the `postgres` user when we are root (it refuses to run as root). */
function pg(tool: string, args: string[]): void {
  const bin = pgBin(tool) ?? tool;
  if (process.getuid?.() === 0)
    execFileSync('runuser', ['-u', 'postgres', '--', bin, ...args], { stdio: 'ignore' });
  else execFileSync(bin, args, { stdio: 'ignore' });
}

async function waitFor(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`unleash-server exited:\n${output()}`);
    if (Date.now() > deadline) throw new Error(`unleash-server not healthy within 120 s:\n${output()}`);
    try {
      if ((await fetch(url)).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

export async function startUnleash(): Promise<UnleashServer> {
  // Its own folder, since the postgres user cannot enter the bench's private temp folder.
  const pgDir = mkdtempSync(path.join(tmpdir(), 'signpost-bench-pg-'));
  if (process.getuid?.() === 0)
    chownSync(pgDir, Number(execFileSync('id', ['-u', 'postgres']).toString()), -1);
  const pgPort = await freePort();
  const data = path.join(pgDir, 'data');
  pg('initdb', ['-D', data, '-A', 'trust', '-U', 'unleash', '--no-sync']);
  const options = `-c listen_addresses=127.0.0.1 -p ${pgPort} -k ${pgDir}`;
  pg('pg_ctl', ['-D', data, '-o', options, '-l', path.join(pgDir, 'log'), '-w', 'start']);
  const port = await freePort();
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(import.meta.dirname, 'unleash-process.ts')],
    {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        BENCH_UNLEASH_DIR: DIR,
        BENCH_PG_PORT: String(pgPort),
        BENCH_UNLEASH_PORT: String(port),
        INIT_ADMIN_API_TOKENS: ADMIN_TOKEN,
        INIT_FRONTEND_API_TOKENS: FRONTEND_TOKEN,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const keep = (d: Buffer) => {
    output = (output + d.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const stopPg = () => {
    pg('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
    rmSync(pgDir, { recursive: true, force: true });
  };
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitFor(`${url}/health`, child, () => output);
  } catch (error) {
    child.kill('SIGKILL');
    stopPg();
    throw error;
  }
  return {
    url,
    pid: child.pid ?? 0,
    async stop() {
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
      stopPg();
    },
  };
}

async function admin(url: string, method: string, body?: unknown): Promise<unknown> {
  const response = await fetch(url, {
    method,
    headers: { authorization: ADMIN_TOKEN, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${url} → ${response.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

/** Creates the context fields and toggles, and waits until the frontend API serves them. */
export async function seedUnleash(
  server: UnleashServer,
  staticMembers: string[],
  probe: () => Promise<string[]>,
): Promise<string[]> {
  const api = `${server.url}/api/admin`;
  for (const name of CONTEXT_FIELDS) await admin(`${api}/context`, 'POST', { name, stickiness: false });
  const segmentIds = new Map<string, number>();
  for (const segment of unleashSegments(staticMembers)) {
    const created = (await admin(`${api}/segments`, 'POST', segment)) as { id: number };
    segmentIds.set(segment.name, created.id);
  }
  const toggles = unleashToggles();
  for (const t of toggles) {
    const feature = `${api}/projects/default/features`;
    await admin(feature, 'POST', { name: t.name, type: 'release' });
    const env = `${feature}/${t.name}/environments/development`;
    for (const s of t.strategies)
      await admin(`${env}/strategies`, 'POST', strategyBody(t.name, s, segmentIds));
    await admin(`${env}/on`, 'POST');
  }
  // The frontend API answers from a cache that follows changes after a few seconds.
  const deadline = Date.now() + 60_000;
  for (;;) {
    const seen = await probe();
    if (seen.includes('new-navigation') && seen.includes('hand-picked')) return toggles.map((t) => t.name);
    if (Date.now() > deadline) throw new Error(`Unleash frontend API still answers ${seen.join()}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}
