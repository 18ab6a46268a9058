import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';
import { timeEntriesCsv } from './csv.ts';

describe('loadConfig', () => {
  it('fills defaults from a project key alone', () => {
    expect(loadConfig({ SIGNPOST_PROJECT_API_KEY: 'phc_x' })).toMatchObject({
      port: 3000,
      sdk: 'signpost',
      analyticsHost: 'http://127.0.0.1:8000',
      projectSecretKey: undefined,
      personalApiKey: undefined,
      authMethod: 'local',
      telemetry: true,
    });
  });

  it('names every bad variable at once', () => {
    expect(() =>
      loadConfig({ SIGNPOST_PROJECT_API_KEY: 'phx_secret', ANALYTICS_SDK: 'segment', PORT: 'x' }),
    ).toThrow(
      /SIGNPOST_PROJECT_API_KEY[\s\S]*PORT[\s\S]*ANALYTICS_SDK|PORT[\s\S]*ANALYTICS_SDK[\s\S]*SIGNPOST_PROJECT_API_KEY/,
    );
    try {
      loadConfig({ SIGNPOST_PROJECT_API_KEY: 'phc_x', AUTH_METHOD: 'saml' });
    } catch (error) {
      expect(error).toMatchObject({ code: 'INVALID_CONFIG' });
    }
    expect.assertions(2);
  });

  it('takes only a phs_ key for local evaluation, never a personal key', () => {
    const base = { SIGNPOST_PROJECT_API_KEY: 'phc_x' };
    expect(loadConfig({ ...base, SIGNPOST_PROJECT_SECRET_KEY: 'phs_abc' }).projectSecretKey).toBe('phs_abc');
    expect(() => loadConfig({ ...base, SIGNPOST_PROJECT_SECRET_KEY: 'phx_abc' })).toThrow(
      /SIGNPOST_PROJECT_SECRET_KEY must be a project secret key/,
    );
  });
});

describe('timeEntriesCsv', () => {
  it('quotes separators and neutralises spreadsheet formulas', () => {
    const start = new Date('2025-10-20T10:00:00Z');
    const csv = timeEntriesCsv(
      [
        {
          id: 't1',
          userId: 'u',
          projectId: 'p1',
          startedAt: start,
          stoppedAt: new Date(start.getTime() + 90_000),
        },
      ],
      [{ id: 'p1', name: '=HYPERLINK("x"),1', ownerId: 'u', createdAt: start }],
    );
    expect(csv).toBe(
      'project,started_at,stopped_at,duration_seconds\r\n' +
        `"'=HYPERLINK(""x""),1",2025-10-20T10:00:00.000Z,2025-10-20T10:01:30.000Z,90\r\n`,
    );
  });
});
