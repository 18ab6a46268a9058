import { readFileSync } from 'node:fs';

/** Summarises a V8 `.cpuprofile` (from `node --cpu-prof`): self time by function and by area, total by function. */

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileLine {
  name: string;
  ms: number;
  share: number;
}

export interface ProfileSummary {
  totalMs: number;
  self: ProfileLine[];
  areas: ProfileLine[];
  inclusive: ProfileLine[];
}

function shortUrl(url: string): string {
  if (!url) return '';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) return url.slice(nm + 'node_modules/'.length);
  const src = url.indexOf('/packages/');
  if (src >= 0) return url.slice(src + 1);
  return url.replace(/^file:\/\//, '');
}

function frameName(f: CallFrame): string {
  const where = shortUrl(f.url);
  return where ? `${f.functionName || '(anonymous)'} ${where}:${f.lineNumber + 1}` : f.functionName;
}

/** Coarse areas, by where the code lives. */
function area(f: CallFrame): string {
  const u = f.url;
  if (!u)
    return f.functionName.startsWith('(') ? f.functionName : `native: ${f.functionName || '(anonymous)'}`;
  if (u.includes('@duckdb')) return 'duckdb (node-api + bindings)';
  if (u.includes('node_modules/hono') || u.includes('@hono')) return 'hono / @hono/node-server';
  if (u.includes('node_modules/zod')) return 'zod';
  if (u.includes('node_modules/ua-parser-js')) return 'ua-parser-js';
  if (u.includes('node_modules/tsx') || u.includes('esbuild')) return 'tsx loader';
  if (u.startsWith('node:')) {
    if (u.includes('zlib')) return 'node:zlib';
    if (u.includes('http') || u.includes('net') || u.includes('stream')) return 'node:http/net/stream';
    return 'node: other';
  }
  const src = u.indexOf('/packages/server/src/');
  if (src >= 0) return `server: ${u.slice(src + '/packages/server/src/'.length)}`;
  return shortUrl(u);
}

function top(map: Map<string, number>, totalMs: number, n: number): ProfileLine[] {
  return [...map]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([name, us]) => ({ name, ms: us / 1000, share: us / 1000 / totalMs }));
}

export function summarizeProfile(file: string, n = 20): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  let totalUs = 0;
  for (const us of selfUs.values()) totalUs += us;
  const totalMs = totalUs / 1000;

  const self = new Map<string, number>();
  const areas = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const node = byId.get(id);
    if (!node) continue;
    const name = frameName(node.callFrame);
    self.set(name, (self.get(name) ?? 0) + us);
    const a = area(node.callFrame);
    areas.set(a, (areas.get(a) ?? 0) + us);
  }

  // Inclusive time per function, counting a function once per stack (recursion is not double-counted).
  const inclusive = new Map<string, number>();
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const c of node.children ?? []) parent.set(c, node.id);
  for (const [id, us] of selfUs) {
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const node = byId.get(cur);
      if (!node) break;
      const name = frameName(node.callFrame);
      if (seen.has(name) || name === '(root)') continue;
      seen.add(name);
      inclusive.set(name, (inclusive.get(name) ?? 0) + us);
    }
  }
  return {
    totalMs,
    self: top(self, totalMs, n),
    areas: top(areas, totalMs, n),
    inclusive: top(inclusive, totalMs, n),
  };
}

export function profileMarkdown(summary: ProfileSummary): string {
  const table = (title: string, lines: ProfileLine[]) =>
    [
      `| ${title} | ms | share |`,
      '|---|---:|---:|',
      ...lines.map(
        (l) =>
          `| \`${l.name.replace(/\|/g, '\\|')}\` | ${l.ms.toFixed(0)} | ${(l.share * 100).toFixed(1)}% |`,
      ),
    ].join('\n');
  return [
    `Main-thread profile: ${(summary.totalMs / 1000).toFixed(1)} s sampled.`,
    '',
    table('Area (self time)', summary.areas),
    '',
    table('Function (self time)', summary.self),
    '',
    table('Function (inclusive time)', summary.inclusive),
  ].join('\n');
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  const file = process.argv[2];
  if (!file) throw new Error('usage: profile-summary.ts <file.cpuprofile>');
  console.log(profileMarkdown(summarizeProfile(file, 30)));
}
