import { createApp } from './app.ts';
import type { Config } from './config.ts';
import { IngestionQueue } from './ingestion/ingestion-queue.ts';
import { IngestionService } from './ingestion/ingestion-service.ts';
import { ProjectService } from './projects/project-service.ts';
import type { Storage } from './storage/storage.ts';
import type { Logger } from './util/logger.ts';

export interface Signpost {
  app: ReturnType<typeof createApp>;
  projects: ProjectService;
  storage: Storage;
  /** Stops accepting events, commits everything accepted, and closes storage. */
  close(): Promise<void>;
}

export interface SignpostOptions {
  config: Config;
  storage: Storage;
  logger: Logger;
  announce?: (lines: string[]) => void;
}

/** The composition root's core, shared by `main.ts` and in-process tests: wires every service to storage. */
export async function createSignpost({
  config,
  storage,
  logger,
  announce,
}: SignpostOptions): Promise<Signpost> {
  const projects = new ProjectService(storage.projects, logger);
  await projects.bootstrap({
    projectApiKey: config.projectApiKey,
    personalApiKey: config.personalApiKey,
    announce: announce ?? (() => undefined),
  });
  const queue = new IngestionQueue({
    ingestionStore: storage.ingestion,
    personStore: storage.persons,
    groupStore: storage.groups,
    logger,
    dedupWindow: config.dedupWindow,
    maxCommitEvents: config.maxCommitEvents,
  });
  await queue.start(await storage.events.recentEventUuids(config.dedupWindow));
  const ingestion = new IngestionService({
    projects,
    queue,
    maxDecodedBytes: config.maxBodyBytes * 4,
    maxEventBytes: config.maxEventBytes,
  });
  let ready = true;
  const app = createApp({
    projects,
    ingestion,
    storage,
    logger,
    maxBodyBytes: config.maxBodyBytes,
    trustProxy: config.trustProxy,
    isReady: () => ready,
  });
  return {
    app,
    projects,
    storage,
    async close() {
      ready = false;
      await queue.close();
      await storage.close();
    },
  };
}
