/** The `## SDK clients` section of bench/RESULTS.md: replaced in place on a rerun, other sections untouched. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { Measurement } from '../flags/measure.ts';
import type { CaptureRun } from './capture-settings.ts';

export const SECTION = '## SDK clients: @signpost/node vs posthog-node (bench/sdk)';

const n = (x: number) => Math.round(x).toLocaleString('en-US');
const f = (x: number, digits = 1) => x.toFixed(digits);
export const ratio = (x: number) => (x >= 10 ? `${x.toFixed(0)}×` : `${x.toFixed(1)}×`);

export function flagsTable(signpost: Measurement, posthog: Measurement): string {
  const row = (m: Measurement) =>
    `| ${m.name} | ${n(m.perSecond)} | ${n(m.perCpuSecond)} | ${m.rounds.map(n).join(', ')} |`;
  return [
    '| client | calls/s (median of 5) | per CPU-second | rounds (calls/s) |',
    '| --- | ---: | ---: | --- |',
    row(signpost),
    row(posthog),
  ].join('\n');
}

/** Median of each metric over the runs of one SDK. */
export function medianRun(runs: CaptureRun[]): CaptureRun {
  const median = (pick: (r: CaptureRun) => number) => {
    const sorted = runs.map(pick).sort((a, b) => a - b);
    const mid = sorted.length >> 1;
    return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
  };
  const first = runs[0];
  if (!first) throw new Error('no runs');
  return {
    ...first,
    syncWallUsPerCall: median((r) => r.syncWallUsPerCall),
    syncCpuUsPerCall: median((r) => r.syncCpuUsPerCall),
    totalCpuUsPerCall: median((r) => r.totalCpuUsPerCall),
    heapGrowthAfterLoopMb: median((r) => r.heapGrowthAfterLoopMb),
    heapGrowthSettledMb: median((r) => r.heapGrowthSettledMb),
    rssGrowthMb: median((r) => r.rssGrowthMb),
    serverEvents: median((r) => r.serverEvents ?? 0),
  };
}

export function captureTable(signpost: CaptureRun, posthog: CaptureRun): string {
  const rows: [string, (r: CaptureRun) => string, ((r: CaptureRun) => number) | undefined][] = [
    [
      '`capture()` wall time per call, in the loop (µs)',
      (r) => f(r.syncWallUsPerCall, 2),
      (r) => r.syncWallUsPerCall,
    ],
    ['CPU per call, in the loop (µs)', (r) => f(r.syncCpuUsPerCall, 2), (r) => r.syncCpuUsPerCall],
    [
      'CPU per call, loop + the 3 s after it (µs)',
      (r) => f(r.totalCpuUsPerCall, 2),
      (r) => r.totalCpuUsPerCall,
    ],
    [
      'heap growth right after the loop, before GC (MB)',
      (r) => f(r.heapGrowthAfterLoopMb),
      (r) => r.heapGrowthAfterLoopMb,
    ],
    ['heap growth 3 s later, after a full GC (MB)', (r) => f(r.heapGrowthSettledMb), undefined],
    ['RSS growth 3 s later (MB)', (r) => f(r.rssGrowthMb), (r) => r.rssGrowthMb],
    ['events the slow server had received by then', (r) => n(r.serverEvents ?? 0), undefined],
  ];
  return [
    '| per 100k `capture()` calls, server answering after 2 s | @signpost/node | posthog-node 5.70 | posthog-node ÷ Signpost |',
    '| --- | ---: | ---: | ---: |',
    ...rows.map(
      ([label, show, value]) =>
        `| ${label} | ${show(signpost)} | ${show(posthog)} | ${value ? ratio(value(posthog) / value(signpost)) : ''} |`,
    ),
  ].join('\n');
}

export function writeSection(path: string, body: string): void {
  const current = existsSync(path) ? readFileSync(path, 'utf8') : '# Benchmark results\n\n';
  const section = `${SECTION}\n\n${body.trimEnd()}\n\n`;
  const start = current.indexOf(`${SECTION}\n`);
  if (start === -1) {
    const prefix = current.endsWith('\n\n') ? '' : current.endsWith('\n') ? '\n' : '\n\n';
    writeFileSync(path, `${current}${prefix}${section}`);
    return;
  }
  const next = current.indexOf('\n## ', start + SECTION.length);
  writeFileSync(path, `${current.slice(0, start)}${section}${next === -1 ? '' : current.slice(next + 1)}`);
}
