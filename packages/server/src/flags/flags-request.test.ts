import { describe, expect, it } from 'vitest';
import { AppError } from '../errors/app-error.ts';
import { inProcess } from '../testing/in-process.ts';
import { TEST_PROJECT_KEY } from '../testing/test-server.ts';
import { parseFlagsRequest } from './flags-request.ts';

// The `/flags` body as PostHog's flags service reads it (compat notes §1.4): field aliases, ids as numbers,
// nulls as absent, and a 400 naming the field for anything else.

describe('parseFlagsRequest', () => {
  it('reads a posthog-js body; $lib "web" means the client runtime', () => {
    const req = parseFlagsRequest(
      {
        token: 'phc_x',
        distinct_id: 'd1',
        groups: { company: 'acme' },
        $anon_distinct_id: 'anon-1',
        person_properties: { plan: 'pro', $lib: 'web' },
        group_properties: { company: { name: 'Acme' } },
        timezone: 'Europe/Paris',
        $device_id: 'dev-1',
        sent_at: '2026-01-01T00:00:00Z',
      },
      undefined,
    );
    expect(req).toEqual({
      token: 'phc_x',
      distinctId: 'd1',
      personProperties: { plan: 'pro', $lib: 'web' },
      groups: { company: 'acme' },
      groupProperties: { company: { name: 'Acme' } },
      anonDistinctId: 'anon-1',
      deviceId: 'dev-1',
      flagKeys: undefined,
      evaluationContexts: undefined,
      evaluationRuntime: 'client',
      disableFlags: false,
      includeInactive: false,
    });
  });

  it('reads a posthog-node body (compat notes §1.2)', () => {
    const req = parseFlagsRequest(
      {
        token: 'phc_x',
        distinct_id: 'person-flags',
        groups: { company: 'company-7' },
        person_properties: { $device_id: 'device-3', email: 'a@b.c' },
        group_properties: { company: { $group_key: 'company-7', name: 'Acme' } },
        geoip_disable: false,
        flag_keys_to_evaluate: ['new-checkout'],
        $device_id: 'device-3',
        evaluation_contexts: ['production'],
        evaluation_runtime: 'server',
      },
      undefined,
    );
    expect(req).toMatchObject({
      flagKeys: ['new-checkout'],
      evaluationContexts: ['production'],
      evaluationRuntime: 'server',
      deviceId: 'device-3',
    });
  });

  it('takes every alias, the first present one winning, and nulls as absent', () => {
    expect(
      parseFlagsRequest(
        {
          token: null,
          $token: 'phc_dollar',
          api_key: 'phc_api',
          $distinct_id: 42,
          $properties: { $device_id: 'from-props' },
          $groups: { org: 7, team: true },
          $group_properties: { org: { size: 3 } },
          anon_distinct_id: 'a',
          flag_keys: ['f'],
          evaluation_environments: ['staging'],
          disable_flags: true,
          evaluation_runtime: null,
        },
        'phc_query',
      ),
    ).toEqual({
      token: 'phc_dollar',
      distinctId: '42',
      personProperties: { $device_id: 'from-props' },
      groups: { org: '7', team: 'true' },
      groupProperties: { org: { size: 3 } },
      anonDistinctId: 'a',
      deviceId: 'from-props',
      flagKeys: ['f'],
      evaluationContexts: ['staging'],
      evaluationRuntime: undefined,
      disableFlags: true,
      includeInactive: false,
    });
    expect(parseFlagsRequest({ distinct_id: 'x'.repeat(300) }, 'phc_query')).toMatchObject({
      token: 'phc_query',
      distinctId: 'x'.repeat(200),
      personProperties: {},
      groups: {},
    });
  });

  const bad: [string, unknown, string | null][] = [
    ['a list instead of an object', [{ token: 'phc_x' }], null],
    ['a string instead of an object', 'hello', null],
    ['person_properties as a list', { person_properties: ['a'] }, 'person_properties'],
    ['an object as a group key', { groups: { company: { id: 1 } } }, 'groups.company'],
    [
      'a group with non-object properties',
      { group_properties: { company: 'acme' } },
      'group_properties.company',
    ],
    ['a number among flag keys', { flag_keys_to_evaluate: ['a', 1] }, 'flag_keys_to_evaluate.1'],
    ['an unknown runtime', { evaluation_runtime: 'edge' }, 'evaluation_runtime'],
    ['disable_flags as a string', { disable_flags: 'yes' }, 'disable_flags'],
    ['an object as distinct id', { distinct_id: { id: 1 } }, 'distinct_id'],
    ['an invalid alias that a valid name would win over', { token: 'phc_x', $token: 5 }, '$token'],
  ];
  it.each(bad)('refuses %s, naming the field', (_name, body, attr) => {
    let error: unknown;
    try {
      parseFlagsRequest(body, undefined);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'INVALID_PAYLOAD', attr });
  });

  it('answers an invalid body with a 400 in the contract error shape', async () => {
    const sp = await inProcess('memory');
    try {
      const res = await sp.signpost.app.request('/flags/?v=2', {
        method: 'POST',
        body: JSON.stringify({ token: TEST_PROJECT_KEY, distinct_id: 'u', groups: { company: null } }),
      });
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({
        type: 'validation_error',
        code: 'INVALID_PAYLOAD',
        attr: 'groups.company',
      });
    } finally {
      await sp.stop();
    }
  });
});
