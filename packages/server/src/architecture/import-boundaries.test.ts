import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const packagesDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => path.join(e.parentPath, e.name));
}

const importsOf = (file: string) =>
  [...readFileSync(file, 'utf8').matchAll(/^\s*(?:import|export)[^'"]*from\s+['"]([^'"]+)['"]/gm)].map(
    (m) => m[1] ?? '',
  );

// STYLE.md §14: the architecture is checked by a test, not by memory.
describe('import boundaries', () => {
  const serverSrc = path.join(packagesDir, 'server/src');
  const serverFiles = sourceFiles(serverSrc);

  it('keeps DuckDB types inside storage/duckdb (tests may inspect the file directly)', () => {
    const offenders = serverFiles.filter(
      (f) =>
        !f.endsWith('.test.ts') &&
        !f.includes(`${path.sep}storage${path.sep}duckdb${path.sep}`) &&
        importsOf(f).some((i) => i.startsWith('@duckdb/')),
    );
    expect(offenders.map((f) => path.relative(serverSrc, f))).toEqual([]);
  });

  it('keeps domain code free of storage adapters', () => {
    const domain = serverFiles.filter((f) => {
      const rel = path.relative(serverSrc, f);
      return (
        !rel.startsWith('storage') &&
        !rel.startsWith('testing') &&
        !rel.endsWith('.test.ts') &&
        rel !== 'main.ts' &&
        // Command-line entry points are composition roots like main.ts.
        !rel.startsWith('cli')
      );
    });
    const offenders = domain.filter((f) =>
      importsOf(f).some((i) => /storage\/(duckdb|memory|clickhouse)\//.test(i)),
    );
    expect(offenders.map((f) => path.relative(serverSrc, f))).toEqual([]);
  });

  it('reads process.env only in config.ts', () => {
    const offenders = serverFiles.filter(
      (f) =>
        !f.endsWith(`${path.sep}config.ts`) &&
        !f.endsWith('.test.ts') &&
        readFileSync(f, 'utf8').includes('process.env'),
    );
    expect(offenders.map((f) => path.relative(serverSrc, f))).toEqual([]);
  });

  it('keeps the flags engine free of imports beyond itself (node:crypto aside)', () => {
    const engine = path.join(packagesDir, 'flags-engine/src');
    const offenders = sourceFiles(engine)
      .filter((f) => !f.endsWith('.test.ts'))
      .flatMap((f) =>
        importsOf(f)
          .filter((i) => !i.startsWith('.'))
          .map((i) => `${path.basename(f)}: ${i}`),
      );
    expect(offenders).toEqual([]);
  });
});
