import { describe, expect, it } from 'vitest';
import { silentLogger } from '../util/logger.ts';
import { FakeProjectStore } from './fake-project-store.ts';
import { ProjectService, StartupRefusedError } from './project-service.ts';

const bootstrap = async (
  store: FakeProjectStore,
  keys: { projectApiKey?: string; personalApiKey?: string } = {},
) => {
  const announced: string[] = [];
  const service = new ProjectService(store, silentLogger);
  await service.bootstrap({
    projectApiKey: keys.projectApiKey,
    personalApiKey: keys.personalApiKey,
    announce: (lines) => announced.push(...lines),
  });
  return { service, announced };
};

describe('ProjectService.bootstrap', () => {
  it('creates the default project with generated keys, printed once', async () => {
    const store = new FakeProjectStore();
    const { service, announced } = await bootstrap(store);
    const token = /phc_[A-Za-z0-9]{43}/.exec(announced.join('\n'))?.[0];
    const secret = /phx_[A-Za-z0-9]{43}/.exec(announced.join('\n'))?.[0];
    expect(token).toBeDefined();
    expect(secret).toBeDefined();
    const environment = service.environmentByToken(token ?? '');
    expect(environment?.name).toBe('production');
    expect(service.projectById(environment?.projectId ?? 0)?.name).toBe('Default project');
    expect(service.personalKey(secret ?? '')?.projectId).toBe(1);
    // The secret is stored only as a hash.
    expect(JSON.stringify(await store.listPersonalApiKeys())).not.toContain(secret);
    const again = await bootstrap(store);
    expect(again.announced).toEqual([]);
  });

  it('takes the keys from the configuration and keeps them', async () => {
    const store = new FakeProjectStore();
    const keys = { projectApiKey: 'phc_fixed_project_key', personalApiKey: 'phx_fixed_personal_key' };
    const { service, announced } = await bootstrap(store, keys);
    expect(announced.join('\n')).not.toContain('phx_');
    expect(service.environmentByToken(keys.projectApiKey)?.id).toBe(1);
    expect(service.personalKey(keys.personalApiKey)).toBeDefined();
    await expect(bootstrap(store, keys)).resolves.toBeDefined();
  });

  it('refuses to start when configured keys differ from the stored ones', async () => {
    const store = new FakeProjectStore();
    await bootstrap(store, { projectApiKey: 'phc_original_key_1', personalApiKey: 'phx_original_key_1' });
    await expect(bootstrap(store, { projectApiKey: 'phc_another_key_2' })).rejects.toThrow(
      StartupRefusedError,
    );
    await expect(bootstrap(store, { personalApiKey: 'phx_another_key_2' })).rejects.toThrow(
      /SIGNPOST_PERSONAL_API_KEY/,
    );
  });
});
