import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PersonalApiKey } from '../../projects/project.ts';
import type { StateStorage } from '../postgres/postgres-storage.ts';
import { at, stateEngines } from './state-engines.test-kit.ts';

const key = (id: string, projectId: number, over: Partial<PersonalApiKey> = {}): PersonalApiKey => ({
  id,
  label: `label ${id}`,
  secretHash: `hash-${id}`,
  maskValue: 'phx_ab...',
  projectId,
  createdAt: at(`2025-01-0${id.length}T10:00:00.123Z`),
  userId: undefined,
  scopes: ['*'],
  expiresAt: undefined,
  lastUsedAt: undefined,
  ...over,
});

describe.each(stateEngines())('ProjectStore on $name', (engine) => {
  let s: StateStorage;
  beforeEach(async () => {
    s = await engine.open();
  });
  afterEach(() => s.close());

  const project = (name: string, token: string) =>
    s.projects.insertProject(
      { name, apiToken: token, timezone: 'Europe/Paris', createdAt: at('2025-03-01T08:00:00.250Z') },
      'production',
    );

  it('gives a project and its first environment the same id, from one counter environments share', async () => {
    const a = await project('A', 'phc_a');
    const staging = await s.projects.insertEnvironment({
      projectId: a.id,
      name: 'staging',
      apiToken: 'phc_a_staging',
      production: false,
      createdAt: at('2025-03-02T00:00:00Z'),
    });
    const b = await project('B', 'phc_b');
    expect(new Set([a.id, staging.id, b.id]).size).toBe(3);
    expect(b.id).toBeGreaterThan(staging.id);
    expect(await s.projects.listProjects()).toEqual([
      {
        id: a.id,
        name: 'A',
        apiToken: 'phc_a',
        timezone: 'Europe/Paris',
        createdAt: at('2025-03-01T08:00:00.250Z'),
      },
      {
        id: b.id,
        name: 'B',
        apiToken: 'phc_b',
        timezone: 'Europe/Paris',
        createdAt: at('2025-03-01T08:00:00.250Z'),
      },
    ]);
    const environments = await s.projects.listEnvironments();
    expect(environments.map((e) => [e.id, e.projectId, e.name, e.apiToken, e.production])).toEqual([
      [a.id, a.id, 'production', 'phc_a', true],
      [staging.id, a.id, 'staging', 'phc_a_staging', false],
      [b.id, b.id, 'production', 'phc_b', true],
    ]);
  });

  it('never reuses a deleted environment id', async () => {
    const a = await project('A', 'phc_a');
    const env = { projectId: a.id, production: false, createdAt: at('2025-03-02T00:00:00Z') };
    const first = await s.projects.insertEnvironment({ ...env, name: 'one', apiToken: 'phc_1' });
    await s.projects.deleteEnvironment(first.id);
    const second = await s.projects.insertEnvironment({ ...env, name: 'two', apiToken: 'phc_2' });
    expect(second.id).toBeGreaterThan(first.id);
    expect((await s.projects.listEnvironments()).map((e) => e.name)).toEqual(['production', 'two']);
  });

  it('updates only the fields given', async () => {
    const a = await project('A', 'phc_a');
    await s.projects.updateProject(a.id, { name: 'Renamed' });
    await s.projects.updateProject(a.id, { timezone: 'UTC' });
    const [stored] = await s.projects.listProjects();
    expect([stored?.name, stored?.timezone, stored?.apiToken]).toEqual(['Renamed', 'UTC', 'phc_a']);
    await s.projects.updateEnvironment(a.id, { production: false });
    await s.projects.updateEnvironment(a.id, { name: 'prod', apiToken: 'phc_rolled' });
    const [env] = await s.projects.listEnvironments();
    expect([env?.name, env?.production, env?.apiToken]).toEqual(['prod', false, 'phc_rolled']);
  });

  it('deletes a project with its environments and personal keys, and leaves other projects alone', async () => {
    const a = await project('A', 'phc_a');
    const b = await project('B', 'phc_b');
    await s.projects.insertEnvironment({
      projectId: a.id,
      name: 'staging',
      apiToken: 'phc_a_staging',
      production: false,
      createdAt: at('2025-03-02T00:00:00Z'),
    });
    await s.projects.insertPersonalApiKey(key('k1', a.id));
    await s.projects.insertPersonalApiKey(key('k22', b.id));
    await s.projects.deleteProject(a.id);
    expect((await s.projects.listProjects()).map((p) => p.id)).toEqual([b.id]);
    expect((await s.projects.listEnvironments()).map((e) => e.projectId)).toEqual([b.id]);
    expect((await s.projects.listPersonalApiKeys()).map((k) => k.id)).toEqual(['k22']);
  });

  it('stores personal keys with owner, scopes and dates, touches and deletes them', async () => {
    const a = await project('A', 'phc_a');
    const full = key('k1', a.id, {
      userId: 'user-1',
      scopes: ['feature_flag:read', 'insight:write'],
      expiresAt: at('2026-01-01T00:00:00.001Z'),
    });
    await s.projects.insertPersonalApiKey(full);
    await s.projects.insertPersonalApiKey(key('k22', a.id));
    expect(await s.projects.listPersonalApiKeys()).toEqual([full, key('k22', a.id)]);
    await s.projects.touchPersonalApiKey('k22', at('2025-05-05T05:05:05.555Z'));
    expect((await s.projects.listPersonalApiKeys())[1]?.lastUsedAt).toEqual(at('2025-05-05T05:05:05.555Z'));
    await s.projects.deletePersonalApiKey('k1');
    expect((await s.projects.listPersonalApiKeys()).map((k) => k.id)).toEqual(['k22']);
  });

  it.skipIf(!engine.relational)('refuses a second environment with a key already in use', async () => {
    const a = await project('A', 'phc_a');
    await expect(
      s.projects.insertEnvironment({
        projectId: a.id,
        name: 'dup',
        apiToken: 'phc_a',
        production: false,
        createdAt: at('2025-03-02T00:00:00Z'),
      }),
    ).rejects.toThrow();
    expect((await s.projects.listEnvironments()).map((e) => e.name)).toEqual(['production']);
  });
});
