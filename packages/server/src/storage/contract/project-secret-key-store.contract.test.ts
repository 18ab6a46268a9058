import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ProjectSecretKey } from '../../secret-keys/project-secret-key.ts';
import type { StateStorage } from '../postgres/postgres-storage.ts';
import { at, stateEngines } from './state-engines.test-kit.ts';

const secretKey = (id: string, projectId: number, createdAt: string): ProjectSecretKey => ({
  id,
  projectId,
  label: `server ${id}`,
  secretHash: `hash-${id}`,
  maskValue: 'phs_12...',
  createdAt: at(createdAt),
  createdBy: 'ana@example.com',
  expiresAt: null,
});

describe.each(stateEngines())('ProjectSecretKeyStore on $name', (engine) => {
  let s: StateStorage;
  beforeEach(async () => {
    s = await engine.open();
  });
  afterEach(() => s.close());

  it('lists keys in creation order, sets and clears an expiry, deletes one', async () => {
    const older = secretKey('a', 1, '2025-01-01T00:00:00.001Z');
    const newer = secretKey('b', 2, '2025-02-01T00:00:00Z');
    await s.secretKeys.insertProjectSecretKey(older);
    await s.secretKeys.insertProjectSecretKey(newer);
    expect(await s.secretKeys.listProjectSecretKeys()).toEqual([older, newer]);
    await s.secretKeys.setProjectSecretKeyExpiry('a', at('2025-03-03T03:03:03.333Z'));
    expect((await s.secretKeys.listProjectSecretKeys())[0]?.expiresAt).toEqual(
      at('2025-03-03T03:03:03.333Z'),
    );
    await s.secretKeys.setProjectSecretKeyExpiry('a', null);
    expect((await s.secretKeys.listProjectSecretKeys())[0]?.expiresAt).toBeNull();
    await s.secretKeys.deleteProjectSecretKey('b');
    expect((await s.secretKeys.listProjectSecretKeys()).map((k) => k.id)).toEqual(['a']);
  });

  it.skipIf(!engine.relational)('goes with the environment whose key it is', async () => {
    const p = await s.projects.insertProject(
      { name: 'A', apiToken: 'phc_a', timezone: 'UTC', createdAt: at('2025-01-01T00:00:00Z') },
      'production',
    );
    const staging = await s.projects.insertEnvironment({
      projectId: p.id,
      name: 'staging',
      apiToken: 'phc_s',
      production: false,
      createdAt: at('2025-01-01T00:00:00Z'),
    });
    await s.secretKeys.insertProjectSecretKey(secretKey('prod', p.id, '2025-01-02T00:00:00Z'));
    await s.secretKeys.insertProjectSecretKey(secretKey('stage', staging.id, '2025-01-03T00:00:00Z'));
    await s.projects.deleteEnvironment(staging.id);
    expect((await s.secretKeys.listProjectSecretKeys()).map((k) => k.id)).toEqual(['prod']);
    await s.projects.deleteProject(p.id);
    expect(await s.secretKeys.listProjectSecretKeys()).toEqual([]);
  });
});
