/** Markdown for stdout and for the `## Flag evaluation in process (bench/flags)` section of bench/RESULTS.md. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import type { Measurement } from './measure.ts';

export const SECTION = '## Flag evaluation in process (bench/flags)';

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const ratio = (n: number) =>
  n >= 10 ? `${n.toFixed(0)}×` : n >= 1 ? `${n.toFixed(1)}×` : `${n.toFixed(2)}×`;

export function table(rows: Measurement[], signpost: Measurement, posthog: Measurement): string {
  const lines = [
    '| system | evaluations/s (median of 5) | per CPU-second | vs Signpost | vs posthog-node |',
    '| --- | ---: | ---: | ---: | ---: |',
  ];
  for (const row of rows) {
    const digest = row.how === 'digests/s';
    const name = digest ? `${row.name} — floor, digests/s` : row.name;
    lines.push(
      `| ${name} | ${fmt(row.perSecond)} | ${fmt(row.perCpuSecond)} | ${ratio(row.perSecond / signpost.perSecond)} | ` +
        `${ratio(row.perSecond / posthog.perSecond)} |`,
    );
  }
  return lines.join('\n');
}

export function environment(command: string, loadBefore: number[]): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const gib = (os.totalmem() / 2 ** 30).toFixed(1);
  return [
    `- Date: ${new Date().toISOString()}`,
    `- Machine: ${os.availableParallelism()} CPUs (nproc), ${cpu}, ${gib} GiB RAM, ${os.type()} ${os.release()}`,
    `- Node ${process.version}; command: \`${command}\``,
    `- Load average (1/5/15 min) before / after: ${loadBefore.map((l) => l.toFixed(2)).join(' ')} / ` +
      `${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
  ].join('\n');
}

/**
 * Writes the section: replaces this benchmark's previous section (up to the next `## ` heading) in place, or
 * appends it when the file has none. Other sections are left byte for byte.
 */
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
  const rest = next === -1 ? '' : current.slice(next + 1);
  writeFileSync(path, `${current.slice(0, start)}${section}${rest}`);
}
