import path from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Runs unleash-server (installed by unleash-setup.ts into bench/.out/unleash, outside the workspace) in its own
 * process, so its CPU and memory are measured like Signpost's. Settings come from the environment.
 */

interface UnleashModule {
  start(options: Record<string, unknown>): Promise<{ stop(): Promise<void> }>;
}

const dir = process.env.BENCH_UNLEASH_DIR ?? '';
const entry = path.join(dir, 'node_modules/unleash-server/dist/lib/server-impl.js');
const unleash = (await import(pathToFileURL(entry).href)) as UnleashModule;
const server = await unleash.start({
  db: {
    host: '127.0.0.1',
    port: Number(process.env.BENCH_PG_PORT),
    user: 'unleash',
    password: 'unleash',
    database: 'postgres',
    ssl: false,
  },
  server: { port: Number(process.env.BENCH_UNLEASH_PORT), host: '127.0.0.1' },
  logLevel: 'error',
  authentication: { type: 'none' },
});
process.on('SIGTERM', () => {
  void server.stop().finally(() => process.exit(0));
});
