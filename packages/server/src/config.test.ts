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
});
