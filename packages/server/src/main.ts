import { serve } from '@hono/node-server';
import { ConfigError, loadConfig } from './config.ts';
import { ListenError, whenListening } from './listen.ts';
import { StartupRefusedError } from './projects/project-service.ts';
import { createSignpost } from './server.ts';
import type { DistributedSettings } from './storage/distributed/distributed-settings.ts';
import { DistributedUnreachableError } from './storage/distributed/distributed-unreachable-error.ts';
import { openDuckDbStorage } from './storage/duckdb/duckdb-storage.ts';
import type { Storage } from './storage/storage.ts';
import { lowerHelperThreadPriority } from './util/helper-thread-priority.ts';
import { createLogger, type Logger } from './util/logger.ts';

/**
 * PostgreSQL + ClickHouse: both must answer before anything is opened, so a typo fails fast with its name. Loaded
 * only in distributed mode: their client libraries cost an embedded start ~20 MB and ~200 ms (bench/startup).
 */
async function openDistributed(settings: DistributedSettings, logger: Logger): Promise<Storage> {
  const { checkDistributedReachable } = await import('./storage/distributed/startup-checks.ts');
  const { openDistributedStorage } = await import('./storage/distributed/open-distributed-storage.ts');
  await checkDistributedReachable(settings);
  return openDistributedStorage(settings, logger);
}

/** A wildcard bind address cannot be opened in a browser; the same machine's loopback name can. */
function browserUrl(host: string, port: number): string {
  const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return `http://${shown}:${port}/`;
}

async function main(): Promise<void> {
  const started = performance.now();
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const storage = config.distributed
    ? await openDistributed(config.distributed, logger)
    : await openDuckDbStorage(config.dataDir, {
        logger,
        threads: config.duckdbThreads,
        queryConcurrency: config.queryConcurrency,
        memoryLimit: config.duckdbMemoryLimit,
        // The one storage failure a reopen cannot make safe (see DuckDbOptions): exit for a supervisor to restart.
        onUnrecoverable: (reason) => {
          process.stderr.write(
            `signpost: storage failed inside a commit (${reason}); exiting so that a restart reloads its state from disk\n`,
          );
          process.exit(1);
        },
      });
  // After the storage opened: libuv's pool and DuckDB's workers exist by now (DuckDB's later ones inherit it).
  lowerHelperThreadPriority(config.helperThreadNice);
  const signpost = await createSignpost({
    config,
    storage,
    logger,
    announce: (lines) => process.stdout.write(`${lines.join('\n')}\n`),
    processMetrics: true,
  });
  const server = serve({ fetch: signpost.app.fetch, hostname: config.host, port: config.port });
  try {
    await whenListening(server, config.host, config.port);
  } catch (error) {
    // Close the database cleanly: the failed start must not leave work uncommitted or the file locked.
    await signpost.close();
    throw error;
  }
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  logger.info('signpost ready', {
    url: `http://${config.host}:${port}`,
    dataDir: config.dataDir,
    startupMs: Math.round(performance.now() - started),
  });
  // The log line is for machines; a person running `npm start` wants the address to open.
  process.stdout.write(`\nSignpost is running: open ${browserUrl(config.host, port)} in your browser.\n\n`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down', { signal });
    // Stop taking connections, let in-flight requests finish, then commit what they handed over.
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    await Promise.race([closed, new Promise((r) => setTimeout(r, 5000))]);
    await signpost.close();
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((error: unknown) => {
  if (
    error instanceof ConfigError ||
    error instanceof StartupRefusedError ||
    error instanceof ListenError ||
    error instanceof DistributedUnreachableError
  ) {
    process.stderr.write(`signpost: ${error.message}\n`);
  } else {
    process.stderr.write(
      `signpost: failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
  }
  process.exit(1);
});
