/**
 * Exponential back-off with "equal jitter" (half the delay fixed, half random): many app instances that lost
 * the server at the same moment must not all come back at the same moment, yet none should retry at once.
 */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number, random = Math.random): number {
  const cap = Math.min(maxMs, baseMs * 2 ** attempt);
  return Math.round(cap / 2 + (random() * cap) / 2);
}

/**
 * Waits `ms`. `keepAlive: false` lets the process exit meanwhile (background retries must not hold an app
 * open); shutdown waits with `keepAlive: true` so a script's last events still go out.
 */
export function sleep(ms: number, keepAlive: boolean): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    if (!keepAlive) timer.unref();
  });
}
