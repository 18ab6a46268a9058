import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config.ts';
import { parseRoleMap, roleFromGroups } from './role-map.ts';

const base = {
  SIGNPOST_PUBLIC_URL: 'https://signpost.example.com/',
  SIGNPOST_OIDC_ISSUER: 'https://id.example.com/realms/acme',
  SIGNPOST_OIDC_CLIENT_ID: 'signpost',
};

const problems = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  return 'accepted';
};

describe('SSO configuration', () => {
  it('builds the settings: redirect URI from the public URL, openid always asked, domains lower-cased', () => {
    const config = loadConfig({
      ...base,
      SIGNPOST_OIDC_SCOPES: 'email groups',
      SIGNPOST_OIDC_ALLOWED_DOMAINS: ' Acme.com, @example.org ,',
      SIGNPOST_OIDC_ROLE_MAP: 'signpost-admins=admin, /eng/backend=flag_editor',
      SIGNPOST_OIDC_DEFAULT_ROLE: 'viewer',
    });
    expect(config.publicUrl).toBe('https://signpost.example.com');
    expect(config.oidc).toMatchObject({
      redirectUri: 'https://signpost.example.com/_auth/oidc/callback',
      scopes: 'openid email groups',
      allowedDomains: ['acme.com', 'example.org'],
      defaultRole: 'viewer',
      clientSecret: undefined,
    });
    expect([...(config.oidc?.roleMap ?? [])]).toEqual([
      ['signpost-admins', 'admin'],
      ['/eng/backend', 'flag_editor'],
    ]);
    expect(loadConfig({}).oidc).toBeUndefined();
    expect(loadConfig(base).oidc?.defaultRole).toBeUndefined();
  });

  it('names every missing or wrong variable at once', () => {
    const message = problems({
      SIGNPOST_OIDC_ISSUER: 'http://id.example.com',
      SIGNPOST_OIDC_ROLE_MAP: 'admins=owner',
    });
    expect(message).toContain('SIGNPOST_OIDC_ISSUER needs SIGNPOST_OIDC_CLIENT_ID');
    expect(message).toContain('SIGNPOST_OIDC_ISSUER needs SIGNPOST_PUBLIC_URL');
    expect(message).toContain('must be https://');
    expect(message).toContain('"owner" is not a role');
    expect(problems({ SIGNPOST_OIDC_ONLY: 'true' })).toContain(
      'SIGNPOST_OIDC_ONLY needs SIGNPOST_OIDC_ISSUER',
    );
    expect(problems({ ...base, SIGNPOST_OIDC_DEFAULT_ROLE: 'owner' })).toContain(
      'SIGNPOST_OIDC_DEFAULT_ROLE',
    );
    expect(problems({ ...base, SIGNPOST_OIDC_ISSUER: 'http://127.0.0.1:9000' })).toBe('accepted');
    expect(problems({ ...base, SIGNPOST_OIDC_ROLE_MAP: 'no-role-here' })).toContain('is not group=role');
  });
});

describe('role mapping', () => {
  it('gives the highest role among the mapped groups, none when no group is mapped', () => {
    const parsed = parseRoleMap('eng=flag_editor,admins=admin,readers=viewer');
    if ('error' in parsed) throw new Error(parsed.error);
    expect(roleFromGroups(['readers', 'eng', 'other'], parsed.map)).toBe('flag_editor');
    expect(roleFromGroups(['admins', 'readers'], parsed.map)).toBe('admin');
    expect(roleFromGroups(['other'], parsed.map)).toBeUndefined();
    expect(roleFromGroups([], parsed.map)).toBeUndefined();
  });
});
