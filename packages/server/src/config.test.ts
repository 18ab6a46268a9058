import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('has the contract defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      host: '127.0.0.1',
      port: 8000,
      maxBodyBytes: 20 * 1024 * 1024,
      trustProxy: false,
    });
    expect(c.dataDir.endsWith('/data')).toBe(true);
    expect(c.projectApiKey).toBeUndefined();
  });

  it('explains every invalid variable at once', () => {
    const attempt = () =>
      loadConfig({
        SIGNPOST_PORT: 'eighty',
        SIGNPOST_PROJECT_API_KEY: 'phx_wrong_kind',
        SIGNPOST_LOG_LEVEL: 'loud',
      });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/SIGNPOST_PORT[\s\S]*SIGNPOST_PROJECT_API_KEY[\s\S]*SIGNPOST_LOG_LEVEL/);
  });

  it('caps query results at a million cells unless SIGNPOST_QUERY_MAX_CELLS says otherwise', () => {
    expect(loadConfig({}).queryMaxCells).toBe(1_000_000);
    expect(loadConfig({ SIGNPOST_QUERY_MAX_CELLS: '5000' }).queryMaxCells).toBe(5000);
    expect(() => loadConfig({ SIGNPOST_QUERY_MAX_CELLS: '0' })).toThrow(/SIGNPOST_QUERY_MAX_CELLS/);
  });

  it('reads the /flags isolation knobs: query concurrency, DuckDB threads, helper thread nice value', () => {
    const defaults = loadConfig({});
    expect([defaults.queryConcurrency, defaults.duckdbThreads, defaults.helperThreadNice]).toEqual([
      1,
      undefined,
      10,
    ]);
    const set = loadConfig({
      SIGNPOST_QUERY_CONCURRENCY: '3',
      SIGNPOST_DUCKDB_THREADS: '1',
      SIGNPOST_HELPER_THREAD_NICE: '0',
    });
    expect([set.queryConcurrency, set.duckdbThreads, set.helperThreadNice]).toEqual([3, 1, 0]);
    expect(() => loadConfig({ SIGNPOST_HELPER_THREAD_NICE: '20' })).toThrow(/SIGNPOST_HELPER_THREAD_NICE/);
    expect(() => loadConfig({ SIGNPOST_QUERY_CONCURRENCY: '0' })).toThrow(/SIGNPOST_QUERY_CONCURRENCY/);
  });
});

describe('distributed mode settings', () => {
  const both = {
    SIGNPOST_DATABASE_URL: 'postgres://signpost:pw@db:5432/signpost',
    SIGNPOST_CLICKHOUSE_URL: 'http://ch1:8123',
  };

  it('stays on DuckDB when neither engine is configured', () => {
    expect(loadConfig({}).distributed).toBeUndefined();
  });

  it('turns on with both engines, with defaults for the rest', () => {
    expect(loadConfig(both).distributed).toEqual({
      databaseUrl: both.SIGNPOST_DATABASE_URL,
      clickhouse: {
        url: 'http://ch1:8123',
        nodes: [],
        cluster: 'signpost',
        database: 'signpost',
        user: 'default',
        password: '',
        insertQuorum: undefined,
      },
    });
    const nodes = loadConfig({
      ...both,
      SIGNPOST_CLICKHOUSE_NODES: 'http://ch1:8123, http://ch2:8123',
      SIGNPOST_CLICKHOUSE_INSERT_QUORUM: '2',
    }).distributed?.clickhouse;
    expect(nodes?.nodes).toEqual(['http://ch1:8123', 'http://ch2:8123']);
    expect(nodes?.insertQuorum).toBe(2);
  });

  it('names the missing half when only one engine is configured', () => {
    expect(() => loadConfig({ SIGNPOST_DATABASE_URL: both.SIGNPOST_DATABASE_URL })).toThrow(
      /SIGNPOST_DATABASE_URL is set without SIGNPOST_CLICKHOUSE_URL/,
    );
    expect(() => loadConfig({ SIGNPOST_CLICKHOUSE_URL: both.SIGNPOST_CLICKHOUSE_URL })).toThrow(
      /SIGNPOST_CLICKHOUSE_URL is set without SIGNPOST_DATABASE_URL/,
    );
  });

  it('refuses malformed URLs and names', () => {
    expect(() => loadConfig({ ...both, SIGNPOST_DATABASE_URL: 'mysql://x' })).toThrow(
      /SIGNPOST_DATABASE_URL/,
    );
    expect(() => loadConfig({ ...both, SIGNPOST_CLICKHOUSE_NODES: 'ch2:8123' })).toThrow(
      /"ch2:8123" is not an http\(s\) URL/,
    );
    expect(() => loadConfig({ ...both, SIGNPOST_CLICKHOUSE_DATABASE: 'a;drop' })).toThrow(
      /SIGNPOST_CLICKHOUSE_DATABASE/,
    );
  });
});
