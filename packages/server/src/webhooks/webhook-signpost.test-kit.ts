import { loadConfig } from '../config.ts';
import { createSignpost, type Signpost, type SignpostOptions } from '../server.ts';
import type { Storage } from '../storage/storage.ts';
import { TEST_PERSONAL_KEY, TEST_PROJECT_KEY } from '../testing/test-server.ts';
import { silentLogger } from '../util/logger.ts';

/** Signpost on the given storage, said to listen on 127.0.0.1:8000 (the address webhooks may not point at). */
export async function startSignpost(
  storage: Storage,
  worker: SignpostOptions['webhookWorker'] = {},
  env: Record<string, string> = {},
): Promise<Signpost> {
  const config = loadConfig({
    SIGNPOST_DATA_DIR: '/nonexistent',
    SIGNPOST_PROJECT_API_KEY: TEST_PROJECT_KEY,
    SIGNPOST_PERSONAL_API_KEY: TEST_PERSONAL_KEY,
    SIGNPOST_PORT: '8000',
    ...env,
  });
  return createSignpost({ config, storage, logger: silentLogger, webhookWorker: { pollMs: 20, ...worker } });
}

export async function until(check: () => Promise<boolean>, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
