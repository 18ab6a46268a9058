import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

export interface Shipped {
  /** Every JS file of the build, gzipped (what a browser downloads after visiting every screen). */
  totalJs: number;
  /** The JS index.html loads before anything draws (the entry and what it preloads). */
  initialJs: number;
  css: number;
  /** The largest JS chunks, by gzipped size. */
  largest: { file: string; gzip: number }[];
}

const gz = (file: string) => gzipSync(readFileSync(file), { level: 9 }).length;

/** Gzipped sizes of the Vite build in `dist`, as a server with compression would send them. */
export function jsShipped(dist: string): Shipped {
  const assets = path.join(dist, 'assets');
  const files = readdirSync(assets);
  const js = files.filter((f) => f.endsWith('.js')).map((f) => ({ file: f, gzip: gz(path.join(assets, f)) }));
  const html = readFileSync(path.join(dist, 'index.html'), 'utf8');
  const initial = js.filter((f) => html.includes(f.file));
  const sum = (xs: { gzip: number }[]) => xs.reduce((a, b) => a + b.gzip, 0);
  return {
    totalJs: sum(js),
    initialJs: sum(initial),
    css: files.filter((f) => f.endsWith('.css')).reduce((a, f) => a + gz(path.join(assets, f)), 0),
    largest: js.sort((a, b) => b.gzip - a.gzip).slice(0, 4),
  };
}
