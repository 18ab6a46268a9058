import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { FlagsHttpSummary, IngestSummary } from './bench-summary.ts';

/** Tables, medians and the verdict of a regression run, and its section in bench/RESULTS.md. */

/** Current may cost at most this much more than the baseline (issue 10: "within 5%"). */
export const TOLERANCE = 0.05;

export interface Pair<S> {
  round: number;
  baseline: S;
  current: S;
  /** The runs' exit codes were not both 0 (a bench exits 1 when answers were wrong). */
  failed: boolean;
}

interface Metric<S> {
  label: string;
  value: (s: S) => number;
  digits: number;
}

/** The first metric of each bench is its headline: server CPU per unit of work, lower is better. */
export const INGEST_METRICS: Metric<IngestSummary>[] = [
  { label: 'µs server CPU/event', value: (s) => s.usCpuPerEvent, digits: 2 },
  { label: 'events/s', value: (s) => s.eventsPerSecond, digits: 0 },
];

export const FLAGS_HTTP_METRICS: Metric<FlagsHttpSummary>[] = [
  { label: 'µs server CPU/request', value: (s) => s.usCpuPerRequest, digits: 1 },
  { label: 'req/s', value: (s) => s.requestsPerSecond, digits: 0 },
  { label: 'p99 ms', value: (s) => s.p99Ms, digits: 1 },
];

export function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] ?? Number.NaN)
    : ((sorted[mid - 1] ?? Number.NaN) + (sorted[mid] ?? Number.NaN)) / 2;
}

const num = (n: number, digits: number) =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const ratio = (r: number) => r.toFixed(3);

export interface BenchOutcome {
  markdown: string;
  within: boolean;
}

/**
 * One row per round and a median row. The median row's ratio is the median of the per-round ratios (each
 * round's two runs were made back to back, under the same load), not the ratio of the medians.
 */
export function benchSection<S extends { errors: number }>(
  title: string,
  unit: string,
  metrics: Metric<S>[],
  pairs: Pair<S>[],
): BenchOutcome {
  const header = [
    'round',
    ...metrics.flatMap((m) => [`${m.label}: baseline`, 'current', 'current/baseline']),
  ];
  const lines = [`| ${header.join(' | ')} |`, `| --- |${' ---: |'.repeat(header.length - 1)}`];
  const ratios = metrics.map((m) => pairs.map((p) => m.value(p.current) / m.value(p.baseline)));
  for (const [i, p] of pairs.entries()) {
    const cells = metrics.flatMap((m, j) => [
      num(m.value(p.baseline), m.digits),
      num(m.value(p.current), m.digits),
      ratio(ratios[j]?.[i] ?? Number.NaN),
    ]);
    const mark = p.failed || p.baseline.errors + p.current.errors > 0 ? ' (errors)' : '';
    lines.push(`| ${p.round}${mark} | ${cells.join(' | ')} |`);
  }
  const medians = metrics.flatMap((m, j) => [
    num(median(pairs.map((p) => m.value(p.baseline))), m.digits),
    num(median(pairs.map((p) => m.value(p.current))), m.digits),
    `**${ratio(median(ratios[j] ?? []))}**`,
  ]);
  lines.push(`| **median** | ${medians.join(' | ')} |`);

  const headline = ratios[0] ?? [];
  const cost = median(headline);
  const dirty = pairs.filter((p) => p.failed || p.baseline.errors + p.current.errors > 0).length;
  const within = cost <= 1 + TOLERANCE && dirty === 0;
  const change = (cost - 1) * 100;
  const rest = metrics
    .slice(1)
    .map((m, j) => `${m.label} ${ratio(median(ratios[j + 1] ?? []))}`)
    .join(', ');
  const verdict =
    `**${title}:** server CPU per ${unit}, current/baseline median **${ratio(cost)}** ` +
    `(${change >= 0 ? '+' : ''}${change.toFixed(1)}%; rounds ${ratio(Math.min(...headline))}–` +
    `${ratio(Math.max(...headline))}) — **${within ? 'within 5%' : 'not within 5%'}**` +
    `${dirty > 0 ? `, ${dirty} round(s) with errors or a failed run, so no clean comparison` : ''}. ` +
    `Wall-clock figures, current/baseline median: ${rest}.${noise(headline)}`;
  return { markdown: `${lines.join('\n')}\n\n${verdict}`, within };
}

/** A 5% verdict means little when the rounds disagree by more than that; says so rather than hiding it. */
function noise(ratios: number[]): string {
  if (ratios.length < 2)
    return ' One round gives no idea of the noise: use --rounds 3 or more for a verdict.';
  const spread = Math.max(...ratios) - Math.min(...ratios);
  return spread > 2 * TOLERANCE
    ? ` The rounds spread over ${(spread * 100).toFixed(0)}% (more than twice the tolerance): the verdict is weak; ` +
        'more rounds or longer runs would firm it up.'
    : '';
}

/** Puts `body` under `heading`, replacing what was under it (up to the next `## `), or appends the section. */
export function writeSection(file: string, heading: string, body: string): void {
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmark results\n';
  const section = `${heading}\n\n${body.trim()}\n`;
  // At the start of a line only: `### …` would otherwise contain a `## …` heading of the same words.
  const found = text.startsWith(`${heading}\n`) ? 0 : text.indexOf(`\n${heading}\n`);
  const start = found > 0 ? found + 1 : found;
  if (start < 0) {
    writeFileSync(file, `${text.trimEnd()}\n\n${section}`);
    return;
  }
  const next = text.indexOf('\n## ', start + heading.length);
  const after = next < 0 ? '' : `\n${text.slice(next + 1)}`;
  writeFileSync(file, `${text.slice(0, start)}${section}${after}`);
}
