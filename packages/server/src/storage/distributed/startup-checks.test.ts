import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClickHouseCluster } from '../../testing/clickhouse/clickhouse-cluster.ts';
import {
  acquireClickHouseCluster,
  releaseClickHouseCluster,
} from '../../testing/clickhouse/shared-cluster.ts';
import { type PostgresCluster, startPostgresCluster } from '../../testing/postgres/postgres-cluster.ts';
import { spawnServer } from '../../testing/spawn-server.ts';
import { runServerUntilExit } from '../../testing/spawn-until-exit.ts';
import { freePort } from '../../testing/test-server.ts';
import type { DistributedSettings } from './distributed-settings.ts';
import { checkDistributedReachable, DistributedUnreachableError } from './startup-checks.ts';

const SKIP_CLICKHOUSE = process.env.SIGNPOST_TEST_CLICKHOUSE === '0';
const SECRET = 'hunter2-not-in-any-message';
const dataDir = mkdtempSync(path.join(tmpdir(), 'signpost-startup-checks-'));
const baseEnv = (extra: Record<string, string>): NodeJS.ProcessEnv => ({
  ...process.env,
  SIGNPOST_DATA_DIR: dataDir,
  ...extra,
});

const settings = (databaseUrl: string, url: string, nodes: string[] = []): DistributedSettings => ({
  databaseUrl,
  clickhouse: {
    url,
    nodes,
    cluster: 'signpost',
    database: 'signpost',
    user: 'default',
    password: '',
    insertQuorum: undefined,
  },
});

async function failure(check: Promise<void>): Promise<string> {
  const error = await check.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DistributedUnreachableError);
  return (error as Error).message;
}

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('a distributed start without reachable servers', () => {
  it('with only SIGNPOST_DATABASE_URL exits 1 and names SIGNPOST_CLICKHOUSE_URL', async () => {
    const run = await runServerUntilExit(
      baseEnv({ SIGNPOST_DATABASE_URL: 'postgres://signpost@127.0.0.1:5/signpost' }),
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('SIGNPOST_CLICKHOUSE_URL');
  });

  it('exits 1 within seconds when both point at closed ports, naming both servers and their variables', async () => {
    const [pgPort, chPort] = [await freePort(), await freePort()];
    const run = await runServerUntilExit(
      baseEnv({
        SIGNPOST_DATABASE_URL: `postgres://signpost:${SECRET}@127.0.0.1:${pgPort}/signpost`,
        SIGNPOST_CLICKHOUSE_URL: `http://127.0.0.1:${chPort}`,
        SIGNPOST_CLICKHOUSE_PASSWORD: SECRET,
      }),
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`PostgreSQL 127.0.0.1:${pgPort}: connection refused`);
    expect(run.stderr).toContain(`ClickHouse 127.0.0.1:${chPort}: connection refused`);
    expect(run.stderr).toContain('SIGNPOST_DATABASE_URL');
    expect(run.stderr).toContain('SIGNPOST_CLICKHOUSE_URL');
    expect(run.stderr).not.toContain(SECRET);
    expect(run.stdout).not.toContain('ready');
    // One message, not a driver's stack trace per server.
    expect(run.stderr).not.toMatch(/^\s+at /m);
    // Node and tsx alone take 2–6 s to boot on this shared machine; the check's own time is measured below.
    expect(run.elapsedMs).toBeLessThan(15_000);
  });

  it('learns of refused connections at once, without waiting for the timeout', async () => {
    const [pgPort, chPort] = [await freePort(), await freePort()];
    const started = performance.now();
    const message = await failure(
      checkDistributedReachable(
        settings(`postgres://signpost@127.0.0.1:${pgPort}/signpost`, `http://127.0.0.1:${chPort}`),
      ),
    );
    expect(message).toContain('2 servers are not usable');
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  describe('servers that accept connections and never answer', () => {
    let silent: Server;
    const held: Socket[] = [];
    beforeAll(async () => {
      silent = createServer((socket) => held.push(socket));
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    });
    afterAll(async () => {
      for (const s of held) s.destroy();
      await new Promise((resolve) => silent.close(resolve));
    });

    it('are named as timeouts once the timeout has passed, not waited on for ever', async () => {
      const port = (silent.address() as { port: number }).port;
      const started = performance.now();
      const message = await failure(
        checkDistributedReachable(
          settings(`postgres://signpost@127.0.0.1:${port}/signpost`, `http://127.0.0.1:${port}`),
          { timeoutMs: 400 },
        ),
      );
      const elapsed = performance.now() - started;
      expect(message).toContain(`PostgreSQL 127.0.0.1:${port}: timeout`);
      expect(message).toContain(`ClickHouse 127.0.0.1:${port}: timeout`);
      expect(elapsed).toBeGreaterThanOrEqual(350);
      expect(elapsed).toBeLessThan(3_000);
    });
  });
});

describe('a distributed start against a real PostgreSQL', () => {
  let cluster: PostgresCluster;
  let databaseUrl: string;
  let passwordUrl: (password: string) => string;
  beforeAll(async () => {
    cluster = await startPostgresCluster();
    databaseUrl = await cluster.createDatabase();
    passwordUrl = await requirePasswordFor(cluster.port, 'signpost_pw', 'right-password');
  });
  afterAll(() => cluster.stop());

  it('names an authentication failure (never the password) and exits 1', async () => {
    const wrong = passwordUrl(SECRET);
    const run = await runServerUntilExit(
      baseEnv({
        SIGNPOST_DATABASE_URL: wrong,
        SIGNPOST_CLICKHOUSE_URL: `http://127.0.0.1:${await freePort()}`,
      }),
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `PostgreSQL 127.0.0.1:${cluster.port}: authentication failed for user "signpost_pw"`,
    );
    expect(run.stderr).toContain('user and password in SIGNPOST_DATABASE_URL');
    expect(run.stderr).not.toContain(SECRET);
  });

  it('accepts the right password, and names a database that does not exist', async () => {
    const [chPort] = [await freePort()];
    const right = await failure(
      checkDistributedReachable(settings(passwordUrl('right-password'), `http://127.0.0.1:${chPort}`)),
    );
    expect(right).not.toContain('PostgreSQL');
    const missing = await failure(
      checkDistributedReachable(
        settings(databaseUrl.replace(/\/[a-z0-9_]+$/, '/no_such_db'), `http://127.0.0.1:${chPort}`),
      ),
    );
    expect(missing).toContain(`PostgreSQL 127.0.0.1:${cluster.port}: unknown database "no_such_db"`);
  });

  describe.skipIf(SKIP_CLICKHOUSE)('and a real ClickHouse cluster', () => {
    let clickhouse: ClickHouseCluster;
    beforeAll(async () => {
      clickhouse = await acquireClickHouseCluster();
    }, 120_000);
    afterAll(() => releaseClickHouseCluster());

    it('passes the check, and the server starts', async () => {
      const urls = clickhouse.nodes.map((n) => n.url);
      const server = await spawnServer(
        baseEnv({
          SIGNPOST_DATABASE_URL: databaseUrl,
          SIGNPOST_CLICKHOUSE_URL: urls[0] ?? '',
          SIGNPOST_CLICKHOUSE_NODES: urls.join(','),
        }),
      );
      try {
        expect((await fetch(`${server.url}/_health`)).status).toBe(200);
      } finally {
        server.child.kill('SIGTERM');
        await server.exited;
      }
    }, 60_000);

    it('names a ClickHouse login the server refuses', async () => {
      const wrong = settings(databaseUrl, clickhouse.nodes[0]?.url ?? '');
      wrong.clickhouse.user = 'no_such_user';
      wrong.clickhouse.password = SECRET;
      const message = await failure(checkDistributedReachable(wrong));
      expect(message).toContain('authentication failed for user "no_such_user"');
      expect(message).toContain('SIGNPOST_CLICKHOUSE_USER and SIGNPOST_CLICKHOUSE_PASSWORD');
      expect(message).not.toContain(SECRET);
    });

    it('names the one node of SIGNPOST_CLICKHOUSE_NODES that is down', async () => {
      const urls = clickhouse.nodes.map((n) => n.url);
      const downPort = await freePort();
      const message = await failure(
        checkDistributedReachable(
          settings(databaseUrl, urls[0] ?? '', [...urls, `http://127.0.0.1:${downPort}`]),
        ),
      );
      expect(message.split('\n')).toHaveLength(2);
      expect(message).toContain('a server is not usable');
      expect(message).toContain(`ClickHouse 127.0.0.1:${downPort}: connection refused`);
      expect(message).toContain('SIGNPOST_CLICKHOUSE_NODES');
    });
  });
});

/**
 * The test cluster trusts every local connection; this makes one role log in with a password (SCRAM), as a
 * production server does, so a wrong one is refused. Returns the role's URL for a given password.
 */
async function requirePasswordFor(
  port: number,
  role: string,
  password: string,
): Promise<(password: string) => string> {
  const admin = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', database: 'postgres' });
  await admin.connect();
  try {
    const hbaFile = String((await admin.query('SHOW hba_file')).rows[0]?.hba_file);
    await admin.query(`CREATE ROLE ${role} LOGIN PASSWORD '${password}'`);
    // COPY TO a file is the one way SQL can rewrite pg_hba.conf; the server owns the file.
    await admin.query(
      `COPY (VALUES ('host all ${role} 127.0.0.1/32 scram-sha-256'), ('host all all 127.0.0.1/32 trust'),
        ('local all all trust')) TO '${hbaFile}'`,
    );
    await admin.query('SELECT pg_reload_conf()');
  } finally {
    await admin.end();
  }
  const url = (p: string) => `postgres://${role}:${encodeURIComponent(p)}@127.0.0.1:${port}/postgres`;
  // The reload is asynchronous: wait until a wrong password is refused.
  for (let attempt = 0; attempt < 50; attempt++) {
    const probe = new pg.Client({ connectionString: url('probe-wrong') });
    const refused = await probe.connect().then(
      () => false,
      () => true,
    );
    await probe.end().catch(() => undefined);
    if (refused) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return url;
}
