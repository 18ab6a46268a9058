import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config.ts';

describe('admin credentials in the configuration', () => {
  it('are optional, and taken together', () => {
    expect(loadConfig({}).adminEmail).toBeUndefined();
    const c = loadConfig({ SIGNPOST_ADMIN_EMAIL: 'a@b.io', SIGNPOST_ADMIN_PASSWORD: 'long enough' });
    expect([c.adminEmail, c.adminPassword]).toEqual(['a@b.io', 'long enough']);
    expect(() => loadConfig({ SIGNPOST_ADMIN_EMAIL: 'a@b.io' })).toThrow(/must be set together/);
    expect(() =>
      loadConfig({ SIGNPOST_ADMIN_EMAIL: 'nope', SIGNPOST_ADMIN_PASSWORD: 'long enough' }),
    ).toThrow(ConfigError);
    expect(() => loadConfig({ SIGNPOST_ADMIN_EMAIL: 'a@b.io', SIGNPOST_ADMIN_PASSWORD: 'short' })).toThrow(
      /SIGNPOST_ADMIN_PASSWORD/,
    );
  });

  it('point at the built web app unless told otherwise', () => {
    expect(loadConfig({}).webDir).toMatch(/packages[/\\]web[/\\]dist$/);
    expect(loadConfig({ SIGNPOST_WEB_DIR: '/srv/signpost-web' }).webDir).toBe('/srv/signpost-web');
  });
});
