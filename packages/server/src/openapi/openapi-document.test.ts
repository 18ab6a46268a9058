import { describe, expect, it } from 'vitest';
import { inProcess } from '../testing/in-process.ts';

describe('/openapi.json', () => {
  it('documents the API from the validating schemas', async () => {
    const sp = await inProcess('memory');
    const res = await sp.signpost.app.request('/openapi.json');
    expect(res.status).toBe(200);
    const doc = (await res.json()) as {
      openapi: string;
      paths: Record<string, Record<string, { parameters?: { name: string }[] }>>;
    };
    expect(doc.openapi).toBe('3.1.0');
    const events = doc.paths['/api/projects/{projectId}/events/']?.get;
    expect(events?.parameters?.map((p) => p.name)).toEqual([
      'projectId',
      'event',
      'distinct_id',
      'person_id',
      'group_type_index',
      'group_key',
      'after',
      'before',
      'limit',
      'offset',
    ]);
    expect(JSON.stringify(doc.paths['/api/projects/{projectId}/feature_flags/'])).toContain('multivariate');
    await sp.stop();
  });
});
