import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { IngestRow } from './ingest-scenario.ts';

export const HEADING = '## Distributed mode: DuckDB vs a 2×2 ClickHouse cluster (bench/distributed)';

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const percentile = (sorted: number[], p: number) =>
  sorted.length === 0
    ? Number.NaN
    : (sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0);

/** One row per ingestion target; CPU is over the loaded interval (warm-up included), from /proc. */
export function ingestTable(rows: IngestRow[]): string[] {
  const lines = [
    '| target | events/s acknowledged | latency p50 / p99 / max (ms) | Signpost CPU (cores; µs/event) | events per Signpost CPU-second | ClickHouse / PostgreSQL CPU (cores) | events per CPU-second, all server processes | acknowledged (incl. priming) / stored (distinct uuids; rows) | failed requests; batches built live |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const r of rows) {
    const o = r.outcome;
    const wall = o.wallSeconds;
    const events = o.acknowledged;
    const all = r.cpu.signpost + r.cpu.clickhouse + r.cpu.postgres;
    const latency = [0.5, 0.99, 1].map((p) => percentile(o.latencies, p).toFixed(1)).join(' / ');
    const backend =
      r.cpu.clickhouse + r.cpu.postgres > 0
        ? `${(r.cpu.clickhouse / wall).toFixed(2)} / ${(r.cpu.postgres / wall).toFixed(2)}`
        : '—';
    lines.push(
      `| ${r.name} | ${fmt(o.rate)} | ${latency} | ${(r.cpu.signpost / wall).toFixed(2)}; ` +
        `${((r.cpu.signpost / Math.max(1, events)) * 1e6).toFixed(1)} | ${fmt(events / Math.max(r.cpu.signpost, 1e-9))} | ` +
        `${backend} | ${fmt(events / Math.max(all, 1e-9))} | ${fmt(events + r.primed)} / ${fmt(r.stored.uuids)}; ` +
        `${fmt(r.stored.rows)} | ${o.errors}; ${o.liveBatches} |`,
    );
  }
  return lines;
}

/** Where each acknowledged event ended up, and whatever went wrong, one line per target. */
export function ingestNotes(rows: IngestRow[]): string[] {
  return rows.map((r) => {
    const acknowledged = r.outcome.acknowledged + r.primed;
    const missing = acknowledged - r.stored.uuids;
    const extra = r.stored.uuids - acknowledged;
    const verdict =
      missing > 0
        ? `**${fmt(missing)} acknowledged events are missing**`
        : `every acknowledged event is stored${extra > 0 ? ` (and ${fmt(extra)} more: requests that failed at the client after the store took them)` : ''}`;
    const twice = r.stored.rows - r.stored.uuids;
    const duplicates = twice > 0 ? `; ${fmt(twice)} rows not yet folded on their uuid` : ', none twice';
    const nodes = r.stored.perNode
      ? `; rows on each ClickHouse node (s1r1, s1r2, s2r1, s2r2): ${r.stored.perNode.map(fmt).join(', ')}`
      : '';
    return `- ${r.name}: ${verdict}${duplicates}${nodes}${r.notes.length ? `; ${r.notes.join('; ')}` : ''}.`;
  });
}

/** Adds an entry under the distributed heading (creating it once), leaving the other sections as they are. */
export function writeEntry(file: string, entry: string): void {
  let text = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmark results\n';
  if (!text.includes(HEADING)) text = `${text.trimEnd()}\n\n${HEADING}\n`;
  const start = text.indexOf(HEADING) + HEADING.length;
  const next = text.indexOf('\n## ', start);
  const end = next < 0 ? text.length : next;
  text = `${text.slice(0, end).trimEnd()}\n\n${entry.trimEnd()}\n${text.slice(end)}`;
  writeFileSync(file, text.endsWith('\n') ? text : `${text}\n`);
}
