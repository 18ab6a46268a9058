import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../config.ts';
import { DuckDbDatabase } from './duckdb-database.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'signpost-memory-limit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const limitOf = async (db: DuckDbDatabase) =>
  String((await db.query("SELECT current_setting('memory_limit') AS l"))[0]?.l);

describe('DuckDB memory limit', () => {
  it('bounds DuckDB by SIGNPOST_DUCKDB_MEMORY_LIMIT (1GB by default), not 80% of the machine', async () => {
    expect(loadConfig({}).duckdbMemoryLimit).toBe('1GB');
    const { duckdbMemoryLimit } = loadConfig({ SIGNPOST_DUCKDB_MEMORY_LIMIT: '300MB' });
    const db = await DuckDbDatabase.open(dir, { memoryLimit: duckdbMemoryLimit });
    try {
      // DuckDB reports it in binary units: 300,000,000 bytes.
      expect(await limitOf(db)).toBe('286.1 MiB');
      // Memory a scan freed goes back to the system instead of staying in DuckDB's allocator.
      const background = await db.query("SELECT current_setting('allocator_background_threads') AS b");
      expect(background[0]?.b).toBe(true);
    } finally {
      await db.close();
    }
  });

  it('refuses a limit that is not a size', () => {
    expect(() => loadConfig({ SIGNPOST_DUCKDB_MEMORY_LIMIT: "1GB'; DROP TABLE events; --" })).toThrow(
      ConfigError,
    );
    expect(() => loadConfig({ SIGNPOST_DUCKDB_MEMORY_LIMIT: 'lots' })).toThrow(
      /SIGNPOST_DUCKDB_MEMORY_LIMIT/,
    );
  });
});
