import { fork } from 'node:child_process';
import path from 'node:path';
import { cpuSeconds, rssBytes } from '../ingest/server-process.ts';
import type { LoadMessage, LoadRequest, LoadResult } from './load-generator.ts';

export interface TargetMeasurement {
  name: string;
  load: LoadResult;
  rssIdle: number;
  rssMax: number;
  /** Server CPU seconds per wall second over the measured window (1.0 = one core busy). */
  serverCores: number;
  /** Server CPU seconds over the measured window, for CPU per request without rounding through a rate. */
  serverCpuSeconds: number;
  loadCores: number;
}

/**
 * Loads one server from a fresh load-generator process and watches the server while it is measured: CPU from
 * /proc at the start and end of the measured window, RSS sampled every 250 ms.
 */
export async function loadTarget(
  name: string,
  pid: number,
  request: LoadRequest,
  rssIdle = rssBytes(pid),
): Promise<TargetMeasurement> {
  const child = fork(path.join(import.meta.dirname, 'load-generator.ts'), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let rssMax = rssIdle;
  let sampler: NodeJS.Timeout | undefined;
  let cpuAtStart = 0;
  let wallAtStart = 0;
  const result = await new Promise<LoadResult>((resolve, reject) => {
    child.on('message', (m: LoadMessage) => {
      if (m.type === 'measuring') {
        cpuAtStart = cpuSeconds(pid);
        wallAtStart = performance.now();
        sampler = setInterval(() => {
          rssMax = Math.max(rssMax, rssBytes(pid));
        }, 250);
      } else resolve(m.result);
    });
    child.once('exit', (code) =>
      setTimeout(() => reject(new Error(`load generator exited with ${code} before reporting`)), 1000),
    );
    child.send(request);
  });
  const wall = (performance.now() - wallAtStart) / 1000;
  const serverCpu = cpuSeconds(pid) - cpuAtStart;
  clearInterval(sampler);
  rssMax = Math.max(rssMax, rssBytes(pid));
  return {
    name,
    load: result,
    rssIdle,
    rssMax,
    serverCores: serverCpu / wall,
    serverCpuSeconds: serverCpu,
    loadCores: result.cpuSeconds / wall,
  };
}
