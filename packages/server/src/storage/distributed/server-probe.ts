/** Why one server could not be used at start, and which variable the operator should look at. */
export interface ProbeFailure {
  /** `PostgreSQL db.internal:5432`: host and port only, never the credentials the URL may carry. */
  server: string;
  problem: string;
  fix: string;
}

/** `host:port` of a URL, with the scheme's default port when none is written. */
export function hostAndPort(url: string, defaultPort: number): string {
  if (!URL.canParse(url)) return '(unparsable URL)';
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || defaultPort}`;
}

/** The Node socket code (`ECONNREFUSED`…) or server code (SQLSTATE, ClickHouse error number) of an error. */
export function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return String(error.code);
}

/** The network-level failures both probes name the same way. */
export function networkProblem(error: unknown): string | undefined {
  switch (errorCode(error)) {
    case 'ECONNREFUSED':
      return 'connection refused (nothing listens on that port, or a firewall rejects it)';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'host name not found';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return 'host unreachable';
    case 'ECONNRESET':
    case 'EPIPE':
      return 'the connection was closed by the other side (is it the right port and protocol?)';
    default:
      return undefined;
  }
}

export class ProbeTimeout extends Error {}

/**
 * Settles with `work`, or rejects with ProbeTimeout after `ms`: a server behind a dropped-packet firewall
 * never answers, and a start must not hang on it. `onTimeout` closes what `work` opened.
 */
export async function withTimeout<T>(work: Promise<T>, ms: number, onTimeout: () => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onTimeout();
      reject(new ProbeTimeout(`no answer within ${ms / 1000} s`));
    }, ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Removes a secret from a driver's message before it reaches a log or a terminal. */
export function scrub(message: string, secrets: readonly string[]): string {
  return secrets.filter((s) => s.length > 0).reduce((m, s) => m.replaceAll(s, '***'), message);
}
