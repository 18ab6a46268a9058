import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

/** Debian's PostgreSQL 15: the version the distributed mode is tested against (issue 13). */
export const POSTGRES_BIN = '/usr/lib/postgresql/15/bin';

/** A throwaway PostgreSQL cluster on a loopback port; `createDatabase` gives each test its own database. */
export interface PostgresCluster {
  readonly port: number;
  /** A new, empty database; returns its connection URL. */
  createDatabase(name?: string): Promise<string>;
  /** Stops the server (`-m fast`: every connection is cut) and starts it again on the same port. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts a private cluster (initdb into a temp folder, `fsync=off`, 127.0.0.1 on a free port) in about 2 s.
 * Nothing is skipped when PostgreSQL is missing: the tests of the PostgreSQL adapter are the only proof it works,
 * so a machine without it fails them with a message saying what to install.
 */
export async function startPostgresCluster(): Promise<PostgresCluster> {
  const initdb = path.join(POSTGRES_BIN, 'initdb');
  if (!existsSync(initdb))
    throw new Error(
      `PostgreSQL 15 is not installed (no ${initdb}). Install it with \`apt-get install postgresql-15\`: the PostgreSQL adapter's tests need a real server.`,
    );
  const dir = await mkdtemp(path.join(tmpdir(), 'signpost-pg-'));
  // PostgreSQL refuses to run as root: as root, the cluster belongs to the `postgres` system user.
  const owner = await serverUser();
  if (owner) await chown(dir, owner.uid, owner.gid);
  const data = path.join(dir, 'data');
  const as = (bin: string, args: string[]) =>
    owner
      ? run('runuser', ['-u', 'postgres', '--', path.join(POSTGRES_BIN, bin), ...args])
      : run(path.join(POSTGRES_BIN, bin), args);
  try {
    await as('initdb', [
      '-D',
      data,
      '-A',
      'trust',
      '-U',
      'postgres',
      '--no-sync',
      '-E',
      'UTF8',
      '--locale=C',
    ]);
    const port = await startOnFreePort((p) =>
      as('pg_ctl', [
        '-D',
        data,
        '-l',
        path.join(dir, 'postgres.log'),
        '-w',
        '-o',
        `-p ${p} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`,
        'start',
      ]),
    );
    // pg_ctl restart starts the server again with the options it was started with (postmaster.opts).
    const restart = async () => {
      await as('pg_ctl', ['-D', data, '-l', path.join(dir, 'postgres.log'), '-m', 'fast', '-w', 'restart']);
    };
    return clusterAt(port, restart, async () => {
      await as('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    });
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

function clusterAt(port: number, restart: () => Promise<void>, stop: () => Promise<void>): PostgresCluster {
  let created = 0;
  return {
    port,
    async createDatabase(name = `test_${process.pid}_${++created}`) {
      if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a plain database name: ${name}`);
      const admin = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', database: 'postgres' });
      await admin.connect();
      try {
        await admin.query(`CREATE DATABASE ${name}`);
      } finally {
        await admin.end();
      }
      return `postgres://postgres@127.0.0.1:${port}/${name}`;
    },
    restart,
    stop,
  };
}

async function serverUser(): Promise<{ uid: number; gid: number } | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const [uid, gid] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])]);
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

/** A port free a moment ago can be taken before the server binds it (other agents share this machine): retry. */
async function startOnFreePort(start: (port: number) => Promise<unknown>): Promise<number> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    try {
      await start(port);
      return port;
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}

function freePort(): Promise<number> {
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
