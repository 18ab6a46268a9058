/** Runs capture-worker.ts in fresh processes, one SDK at a time, each against its own slow server. */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { CaptureRun } from './capture-settings.ts';
import { startSlowBatchServer } from './slow-batch-server.ts';

const WORKER = fileURLToPath(new URL('./capture-worker.ts', import.meta.url));
const run = promisify(execFile);

/** The slow server lives in this (parent) process, so receiving and unzipping batches is not charged to the SDK. */
export async function captureRun(sdk: string, calls: number): Promise<CaptureRun> {
  const server = await startSlowBatchServer();
  try {
    const { stdout } = await run(
      process.execPath,
      ['--expose-gc', '--import', 'tsx', WORKER, sdk, server.url, String(calls)],
      { encoding: 'utf8', maxBuffer: 64 * 2 ** 20 },
    );
    const line = stdout.trim().split('\n').at(-1) ?? '';
    return {
      ...(JSON.parse(line) as CaptureRun),
      serverEvents: server.received(),
      serverRequests: server.requests(),
    };
  } finally {
    await server.close();
  }
}
