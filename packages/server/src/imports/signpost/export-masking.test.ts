import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startTestServer,
  TEST_PERSONAL_KEY,
  TEST_PROJECT_KEY,
  type TestServer,
} from '../../testing/test-server.ts';
import type { ImportRecord } from '../import-record.ts';
import { SignpostClient } from '../signpost-client.ts';
import { exportAll } from './export-all.ts';
import { folderSource } from './folder-source.ts';

// `export --all` masks the project's personal property keys on persons and events, as the event export does.

describe('export --all and personal property keys', () => {
  let server: TestServer;
  let dir: string;
  beforeAll(async () => {
    server = await startTestServer();
    dir = mkdtempSync(path.join(tmpdir(), 'signpost-export-mask-'));
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes *** for their values and leaves the rest readable', async () => {
    const patched = await fetch(`${server.url}/api/projects/@current/data_settings/`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${TEST_PERSONAL_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ personal_property_keys: ['email'] }),
    });
    expect(patched.status).toBe(200);
    const captured = await fetch(`${server.url}/batch/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        api_key: TEST_PROJECT_KEY,
        batch: [
          {
            event: '$identify',
            distinct_id: 'alice',
            properties: {
              email: 'alice@acme.com',
              plan: 'team',
              $set: { email: 'alice@acme.com', plan: 'team' },
            },
          },
        ],
      }),
    });
    expect(captured.status).toBe(200);
    await expect
      .poll(async () => (await server.api<{ count: number }>('/api/projects/@current/persons/')).count)
      .toBe(1);

    const out = path.join(dir, 'export');
    await exportAll({ client: new SignpostClient(server.url, TEST_PERSONAL_KEY), out });
    const records: ImportRecord[] = [];
    for await (const { record } of folderSource(out).records(undefined)) records.push(record);
    const person = records.find((r) => r.kind === 'person');
    expect(person?.kind === 'person' && person.properties).toMatchObject({ email: '***', plan: 'team' });
    const events = records.flatMap((r) => (r.kind === 'events' ? r.events : []));
    expect(events[0]?.properties).toMatchObject({ email: '***', plan: 'team' });
    expect(JSON.stringify(records)).not.toContain('alice@acme.com');
  }, 60_000);
});
