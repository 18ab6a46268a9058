import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import type { TargetMeasurement } from './load-target.ts';

export const HEADING = '## /flags over HTTP (bench/flags-http)';
const GOAL = 'Goal: ≥ 10,000 req/s with p99 < 20 ms at 64 connections on 2 cores.';

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
const ms = (n: number) => n.toFixed(1);

export const rate = (m: TargetMeasurement) => m.load.requests / m.load.seconds;
export const errorsOf = (m: TargetMeasurement) =>
  m.load.errors + m.load.non2xx + m.load.mismatches + m.load.timeouts;

export function table(rows: TargetMeasurement[], floor: TargetMeasurement | undefined): string {
  const lines = [
    '| server | req/s | vs raw HTTP | latency p50 / p90 / p99 / max (ms) | server RSS idle / max | server CPU (cores; µs/request) | load-gen CPU (cores) | errors (conn / non-200 / bad body / timeout) | B/request, B/response |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const m of rows) {
    const l = m.load.latencyMs;
    lines.push(
      `| ${m.name} | ${fmt(rate(m))} | ${floor ? `${((rate(m) / rate(floor)) * 100).toFixed(0)}%` : '—'} | ` +
        `${ms(l.p50)} / ${ms(l.p90)} / ${ms(l.p99)} / ${ms(l.max)} | ${mib(m.rssIdle)} / ${mib(m.rssMax)} | ` +
        `${m.serverCores.toFixed(2)}; ${fmt((m.serverCores / rate(m)) * 1e6)} | ${m.loadCores.toFixed(2)} | ` +
        `${m.load.errors} / ${m.load.non2xx} / ${m.load.mismatches} / ${m.load.timeouts} | ` +
        `${fmt(m.load.requestBytes)}, ${fmt(m.load.responseBytes)} |`,
    );
  }
  return lines.join('\n');
}

export function verdict(signpost: TargetMeasurement): string {
  const met = rate(signpost) >= 10_000 && signpost.load.latencyMs.p99 < 20 && errorsOf(signpost) === 0;
  return (
    `**Goal** (≥ 10,000 req/s, p99 < 20 ms, 0 errors): ${fmt(rate(signpost))} req/s, p99 ` +
    `${ms(signpost.load.latencyMs.p99)} ms, ${errorsOf(signpost)} errors — **${met ? 'met' : 'missed'}**.`
  );
}

export function environment(command: string, loadBefore: number[], workload: string): string {
  const cpu = os.cpus()[0]?.model.trim() ?? 'unknown CPU';
  const load = (xs: number[]) => xs.map((l) => l.toFixed(2)).join(' ');
  return [
    `Machine: ${os.availableParallelism()} cores (${cpu}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ` +
      `Node ${process.version}. Load average (1/5/15 min) before / after: ${load(loadBefore)} / ${load(os.loadavg())}` +
      ` (other jobs share these cores); the bench and its servers ran at nice ${os.getPriority()}.`,
    '',
    workload,
    '',
    `Command: \`${command}\``,
  ].join('\n');
}

/** Adds an entry under this bench's heading (creating it once), leaving the other sections as they are. */
export function writeEntry(file: string, entry: string): void {
  let text = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmark results\n';
  if (!text.includes(HEADING)) text = `${text.trimEnd()}\n\n${HEADING}\n\n${GOAL}\n`;
  const start = text.indexOf(HEADING) + HEADING.length;
  const next = text.indexOf('\n## ', start);
  const end = next < 0 ? text.length : next;
  text = `${text.slice(0, end).trimEnd()}\n\n${entry.trimEnd()}\n${text.slice(end)}`;
  writeFileSync(file, text.endsWith('\n') ? text : `${text}\n`);
}
