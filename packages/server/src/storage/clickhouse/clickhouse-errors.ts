import { AppError } from '../../errors/app-error.ts';

/**
 * ClickHouse exception codes (ErrorCodes.cpp) that say the server, not the statement, failed: overloaded,
 * out of memory, shutting down, read-only, or unable to reach a shard. A retry later can succeed.
 */
const SERVER_FAULTS = new Set([
  '164', // READONLY
  '173', // CANNOT_ALLOCATE_MEMORY
  '202', // TOO_MANY_SIMULTANEOUS_QUERIES
  '203', // NO_FREE_CONNECTION
  '209', // SOCKET_TIMEOUT
  '210', // NETWORK_ERROR (a shard refused the connection)
  '236', // ABORTED (server shutting down)
  '241', // MEMORY_LIMIT_EXCEEDED
  '242', // TABLE_IS_READ_ONLY
  '243', // NOT_ENOUGH_SPACE
  '279', // ALL_CONNECTION_TRIES_FAILED
  '369', // ALL_REPLICAS_ARE_STALE
  '394', // QUERY_WAS_CANCELLED (KILL QUERY by an operator, or shutdown)
  '439', // CANNOT_SCHEDULE_TASK (thread pool exhausted)
  '519', // NO_REMOTE_SHARD_AVAILABLE (every replica of a shard refused)
]);
const OVER_TIME = new Set([
  '159', // TIMEOUT_EXCEEDED (max_execution_time)
  '160', // TOO_SLOW (the estimate says it would exceed max_execution_time)
]);
// Node's socket errors: the server is down, restarting, or the network between us is.
const SOCKET_FAULTS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
]);

const codeOf = (error: unknown): string | undefined =>
  typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;

/**
 * The typed error a ClickHouse failure answers with, or the error itself when it is ours (a bug in the SQL,
 * a bad type): that stays a 500, logged, instead of hiding behind "try again later".
 */
export function clickHouseFailure(error: unknown, timeoutMs?: number): unknown {
  if (error instanceof AppError) return error;
  const code = codeOf(error);
  // The client's own deadline (AbortSignal.timeout) surfaces as a TimeoutError.
  if (
    (code !== undefined && OVER_TIME.has(code)) ||
    (error instanceof Error && error.name === 'TimeoutError')
  )
    return new AppError(
      'QUERY_TIMEOUT',
      timeoutMs === undefined
        ? 'The query ran longer than its budget and was stopped.'
        : `The query ran longer than ${timeoutMs} ms and was stopped.`,
    );
  if (code !== undefined && (SERVER_FAULTS.has(code) || SOCKET_FAULTS.has(code)))
    return new AppError('STORAGE_UNAVAILABLE', 'The ClickHouse server cannot answer now; try again shortly.');
  // The client reports a socket closed mid-answer, or its request timeout, without a code.
  if (error instanceof Error && /socket hang up|^Timeout error/i.test(error.message))
    return new AppError('STORAGE_UNAVAILABLE', 'The ClickHouse server cannot answer now; try again shortly.');
  return error;
}
