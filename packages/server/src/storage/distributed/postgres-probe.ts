import pg from 'pg';
import {
  errorCode,
  hostAndPort,
  networkProblem,
  type ProbeFailure,
  ProbeTimeout,
  scrub,
  withTimeout,
} from './server-probe.ts';

const VARIABLE = 'SIGNPOST_DATABASE_URL';

/** `SELECT 1` on the PostgreSQL of SIGNPOST_DATABASE_URL; undefined when it answers. */
export async function probePostgres(
  databaseUrl: string,
  timeoutMs: number,
): Promise<ProbeFailure | undefined> {
  const server = `PostgreSQL ${hostAndPort(databaseUrl, 5432)}`;
  const client = new pg.Client({
    connectionString: databaseUrl,
    connectionTimeoutMillis: timeoutMs,
    query_timeout: timeoutMs,
  });
  // A server that goes away after the connect emits 'error' on the client; the probe reports it instead.
  client.on('error', () => undefined);
  try {
    await withTimeout(
      client.connect().then(() => client.query('SELECT 1')),
      timeoutMs,
      () => void client.end().catch(() => undefined),
    );
    return undefined;
  } catch (error) {
    return { server, ...describe(error, databaseUrl, timeoutMs) };
  } finally {
    await client.end().catch(() => undefined);
  }
}

function describe(error: unknown, databaseUrl: string, timeoutMs: number): Omit<ProbeFailure, 'server'> {
  const url = URL.canParse(databaseUrl) ? new URL(databaseUrl) : undefined;
  const user = decodeURIComponent(url?.username ?? '') || '(default user)';
  const database = decodeURIComponent(url?.pathname.slice(1) ?? '') || user;
  const network = networkProblem(error);
  if (network)
    return { problem: network, fix: `check the host and port in ${VARIABLE} and that PostgreSQL runs` };
  const code = errorCode(error);
  // 28P01: wrong password; 28000: no such role, or pg_hba.conf refuses this user/address.
  if (code === '28P01' || code === '28000')
    return {
      problem: `authentication failed for user "${user}"`,
      fix: `check the user and password in ${VARIABLE} (and pg_hba.conf on the server)`,
    };
  if (code === '3D000')
    return {
      problem: `unknown database "${database}"`,
      fix: `create it (CREATE DATABASE ${database}) or name an existing one in ${VARIABLE}`,
    };
  if (error instanceof ProbeTimeout || (error instanceof Error && /timeout/i.test(error.message)))
    return {
      problem: `timeout: no answer within ${timeoutMs / 1000} s`,
      fix: `check the host and port in ${VARIABLE} and the network between them`,
    };
  const message = error instanceof Error ? error.message : String(error);
  return {
    problem: scrub(message, [decodeURIComponent(url?.password ?? '')]),
    fix: `check ${VARIABLE}`,
  };
}
