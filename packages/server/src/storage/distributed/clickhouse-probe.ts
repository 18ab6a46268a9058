import { ClickHouseLogLevel, createClient } from '@clickhouse/client';
import type { ClickHouseSettings } from './distributed-settings.ts';
import {
  errorCode,
  hostAndPort,
  networkProblem,
  type ProbeFailure,
  ProbeTimeout,
  scrub,
  withTimeout,
} from './server-probe.ts';

// ClickHouse error numbers for a refused login: UNKNOWN_USER, REQUIRED_PASSWORD, WRONG_PASSWORD,
// AUTHENTICATION_FAILED.
const AUTHENTICATION_CODES = new Set(['192', '194', '193', '516']);

/**
 * `SELECT version()` on one ClickHouse node; undefined when it answers. The database is not selected: the
 * migrations create it, so on a first start it does not exist yet. `variable` is where this URL came from.
 */
export async function probeClickHouseNode(
  url: string,
  settings: ClickHouseSettings,
  variable: string,
  timeoutMs: number,
): Promise<ProbeFailure | undefined> {
  const server = `ClickHouse ${hostAndPort(url, new URL(url).protocol === 'https:' ? 8443 : 8123)}`;
  const client = createClient({
    url,
    username: settings.user,
    password: settings.password,
    request_timeout: timeoutMs,
    // The failure is reported once, in the startup message; the client's own log would print a stack per node.
    log: { level: ClickHouseLogLevel.OFF },
  });
  try {
    await withTimeout(
      client.query({ query: 'SELECT version()', format: 'JSONEachRow' }).then((r) => r.json()),
      timeoutMs,
      () => void client.close().catch(() => undefined),
    );
    return undefined;
  } catch (error) {
    return { server, ...describe(error, settings, variable, timeoutMs) };
  } finally {
    await client.close().catch(() => undefined);
  }
}

function describe(
  error: unknown,
  settings: ClickHouseSettings,
  variable: string,
  timeoutMs: number,
): Omit<ProbeFailure, 'server'> {
  const network = networkProblem(error);
  if (network) return { problem: network, fix: `check ${variable} and that ClickHouse runs there` };
  if (AUTHENTICATION_CODES.has(errorCode(error) ?? ''))
    return {
      problem: `authentication failed for user "${settings.user}"`,
      fix: 'check SIGNPOST_CLICKHOUSE_USER and SIGNPOST_CLICKHOUSE_PASSWORD',
    };
  if (error instanceof ProbeTimeout || (error instanceof Error && /timeout/i.test(error.message)))
    return {
      problem: `timeout: no answer within ${timeoutMs / 1000} s`,
      fix: `check ${variable} and the network between them`,
    };
  const message = error instanceof Error ? error.message : String(error);
  return { problem: scrub(message, [settings.password]), fix: `check ${variable}` };
}
