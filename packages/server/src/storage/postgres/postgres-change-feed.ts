import pg from 'pg';
import type { Logger } from '../../util/logger.ts';
import type { Change, ChangeFeed } from '../change-feed.ts';
import { CHANNELS, decodeEnvironmentIds, decodeIdentityChange } from './change-channels.ts';

export interface ChangeFeedTiming {
  /** The first reconnection delay; each failed attempt doubles it up to `maxBackoffMs`. */
  firstBackoffMs: number;
  maxBackoffMs: number;
  /** How often an idle connection is probed: a peer gone without a FIN is otherwise noticed only by TCP, in hours. */
  heartbeatMs: number;
}

const DEFAULT_TIMING: ChangeFeedTiming = { firstBackoffMs: 100, maxBackoffMs: 5_000, heartbeatMs: 15_000 };
// Changes that arrive before the node subscribed (while its services load) are kept, up to this many.
const MAX_EARLY_CHANGES = 1_000;

/**
 * One dedicated connection LISTENing on the change channels. A notification is only delivered to sessions
 * listening when it commits, so after a lost connection nothing says what was missed: the feed reconnects with
 * back-off and emits `resync`, and the node re-reads everything. Never throws into the process.
 */
class PostgresChangeFeed implements ChangeFeed {
  private client: pg.Client | undefined;
  private readonly listeners = new Set<(change: Change) => void>();
  private early: Change[] | undefined = [];
  private closed = false;
  private failures = 0;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private readonly heartbeat: NodeJS.Timeout;

  constructor(
    private readonly connectionString: string,
    private readonly logger: Logger,
    private readonly timing: ChangeFeedTiming,
  ) {
    this.heartbeat = setInterval(() => this.probe(), timing.heartbeatMs);
    this.heartbeat.unref();
  }

  /** Connects and listens; rejects when the first connection fails (the server is not usable then anyway). */
  async connect(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.connectionString,
      connectionTimeoutMillis: 5_000,
      keepAlive: true,
    });
    // Without an 'error' listener a dropped connection would be an uncaught exception ending the process.
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client));
    client.on('notification', (message) => this.received(message.channel, message.payload ?? ''));
    try {
      await client.connect();
      await client.query(
        Object.values(CHANNELS)
          .map((channel) => `LISTEN ${client.escapeIdentifier(channel)};`)
          .join(' '),
      );
    } catch (error) {
      client.removeAllListeners('end');
      await client.end().catch(() => undefined);
      throw error;
    }
    if (this.closed) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
  }

  subscribe(listener: (change: Change) => void): () => void {
    this.listeners.add(listener);
    const early = this.early;
    this.early = undefined;
    if (early && early.length > 0)
      queueMicrotask(() => {
        for (const c of early) this.emit(c);
      });
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.heartbeat);
    clearTimeout(this.reconnectTimer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private received(channel: string, payload: string): void {
    if (channel === CHANNELS.changes) this.emit({ kind: 'topic', topic: payload });
    else if (channel === CHANNELS.events) {
      const environmentIds = decodeEnvironmentIds(payload);
      if (environmentIds.length > 0) this.emit({ kind: 'events', environmentIds });
    } else if (channel === CHANNELS.identity) {
      const change = decodeIdentityChange(payload);
      // Which identities changed is unknown (another version's format): only re-reading everything is safe.
      if (change) this.emit({ kind: 'identity', change });
      else {
        this.logger.warn('unreadable identity notification; re-reading every cache', { payload });
        this.emit({ kind: 'resync' });
      }
    }
  }

  private emit(change: Change): void {
    if (this.early) {
      if (this.early.length < MAX_EARLY_CHANGES) this.early.push(change);
      else this.early = [{ kind: 'resync' }];
      return;
    }
    for (const listener of this.listeners) {
      try {
        listener(change);
      } catch (error) {
        this.logger.error('a change listener failed', { error: String(error) });
      }
    }
  }

  private probe(): void {
    const client = this.client;
    client?.query('SELECT 1').catch((error: unknown) => this.lost(client, error));
  }

  /** Called by every sign of a dead connection ('error', 'end', a failed probe); acts on the first only. */
  private lost(client: pg.Client, error?: unknown): void {
    if (client !== this.client || this.closed) return;
    this.client = undefined;
    client.end().catch(() => undefined);
    this.logger.warn('change feed connection lost; reconnecting', { error: error && String(error) });
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    const delay = Math.min(this.timing.maxBackoffMs, this.timing.firstBackoffMs * 2 ** this.failures);
    this.reconnectTimer = setTimeout(() => {
      this.connect().then(
        () => {
          if (this.closed) return;
          this.failures = 0;
          this.logger.info('change feed reconnected; re-reading every cache');
          this.emit({ kind: 'resync' });
        },
        () => {
          if (this.closed) return;
          this.failures += 1;
          this.scheduleReconnect();
        },
      );
    }, delay);
    this.reconnectTimer.unref();
  }
}

/** Opens the feed; the first connection must succeed, later losses are repaired in the background. */
export async function openPostgresChangeFeed(
  connectionString: string,
  logger: Logger,
  timing: Partial<ChangeFeedTiming> = {},
): Promise<ChangeFeed> {
  const feed = new PostgresChangeFeed(connectionString, logger, { ...DEFAULT_TIMING, ...timing });
  try {
    await feed.connect();
  } catch (error) {
    await feed.close();
    throw error;
  }
  return feed;
}
