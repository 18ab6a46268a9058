import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startTestServer,
  TEST_PROJECT_KEY,
  type TestServer,
} from '../../../server/src/testing/test-server.ts';
import { Signpost } from '../index.ts';
import { type ContainerProbe, detectDeploymentMethod } from '../telemetry/deployment-method.ts';
import { createTestClient } from '../testing.ts';
import { registerDeploymentContext } from './deployment-context.ts';
import { eventsNamed, eventually } from './testing/server-fixtures.ts';

const probe = (files: Record<string, string>): ContainerProbe => ({
  exists: (path) => path in files,
  readFile: (path) => files[path],
});

describe('detectDeploymentMethod', () => {
  it.each([
    ['a /.dockerenv file', { '/.dockerenv': '' }, 'docker'],
    [
      'a cgroup v1 docker hierarchy',
      { '/proc/self/cgroup': '12:memory:/docker/3f2a9c\n1:cpu:/docker/3f2a9c' },
      'docker',
    ],
    ['a systemd docker scope', { '/proc/self/cgroup': '0::/system.slice/docker-3f2a9c.scope' }, 'docker'],
    ['a Kubernetes pod', { '/proc/self/cgroup': '0::/kubepods/besteffort/pod1234/abcd' }, 'docker'],
    [
      'a user session on a host',
      { '/proc/self/cgroup': '0::/user.slice/user-1000.slice/session-2.scope' },
      'native',
    ],
    ['no cgroup file (macOS, Windows)', {}, 'native'],
  ])('sees %s as %s', (_what, files, expected) => {
    expect(detectDeploymentMethod(probe(files))).toBe(expected);
  });
});

describe('registerDeploymentContext', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ storage: 'memory' });
  });
  afterAll(async () => {
    await server.stop();
  });

  it('adds environment, app_version and deployment_method to every event the client sends', async () => {
    const client = new Signpost(TEST_PROJECT_KEY, { host: server.url });
    const registered = registerDeploymentContext(client, {
      environment: 'staging',
      appVersion: '3.0.0',
      probe: probe({ '/.dockerenv': '' }),
    });
    expect(registered).toEqual({ environment: 'staging', app_version: '3.0.0', deployment_method: 'docker' });
    client.capture({ distinctId: 'ada', event: 'timer.started', properties: { project: 'p1' } });
    await client.shutdown();
    const [event] = await eventually(async () => {
      const events = await eventsNamed(server, 'timer.started');
      return events.length > 0 ? events : undefined;
    });
    expect(event?.properties).toMatchObject({
      project: 'p1',
      environment: 'staging',
      app_version: '3.0.0',
      deployment_method: 'docker',
    });
  });

  it('lets an explicit deployment method win over detection, with the test client too', () => {
    const signpost = createTestClient();
    registerDeploymentContext(signpost, {
      environment: 'production',
      appVersion: '1.2.3',
      deploymentMethod: 'helm',
    });
    signpost.capture({ distinctId: 'a', event: 'x' });
    expect(signpost.events[0]?.properties).toMatchObject({ deployment_method: 'helm', app_version: '1.2.3' });
  });
});
