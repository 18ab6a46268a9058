import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NewAnnotation } from '../../annotations/annotation.ts';
import type { StateStorage } from '../postgres/postgres-storage.ts';
import { at, stateEngines } from './state-engines.test-kit.ts';

const note = (content: string, day: string, more: Partial<NewAnnotation> = {}): NewAnnotation => ({
  projectId: 1,
  content,
  dateMarker: at(`${day}T12:00:00.250Z`),
  scope: 'project',
  dashboardItem: null,
  creationType: 'USR',
  createdBy: 'ana@example.com',
  createdAt: at('2026-03-01T00:00:00Z'),
  updatedAt: at('2026-03-01T00:00:00Z'),
  deleted: false,
  ...more,
});

describe.each(stateEngines())('AnnotationStore on $name', (engine) => {
  let s: StateStorage;
  beforeEach(async () => {
    s = await engine.open();
  });
  afterEach(() => s.close());

  it('hands out ids and reads back every field', async () => {
    const a = await s.annotations.insert(note('2.9.0 released', '2026-02-10'));
    const b = await s.annotations.insert(
      note('Pricing page «neu»', '2026-02-11', {
        scope: 'dashboard_item',
        dashboardItem: 7,
        createdBy: null,
      }),
    );
    expect(b.id).toBeGreaterThan(a.id);
    expect(await s.annotations.get(1, a.id)).toEqual({ ...note('2.9.0 released', '2026-02-10'), id: a.id });
    expect(await s.annotations.get(1, b.id)).toMatchObject({
      scope: 'dashboard_item',
      dashboardItem: 7,
      createdBy: null,
    });
    expect(await s.annotations.get(2, a.id)).toBeUndefined();
  });

  it('lists one project newest date first, pages with a total, and searches without wildcards', async () => {
    for (const [content, day] of [
      ['Launch 100% rollout', '2026-01-05'],
      ['launch_v2', '2026-01-03'],
      ['Ünïcode LAUNCH', '2026-01-04'],
      ['unrelated', '2026-01-01'],
    ] as const)
      await s.annotations.insert(note(content, day));
    await s.annotations.insert(note('launch elsewhere', '2026-01-09', { projectId: 2 }));
    const page = await s.annotations.list({ projectId: 1, limit: 2, offset: 0 });
    expect(page.total).toBe(4);
    expect(page.results.map((a) => a.content)).toEqual(['Launch 100% rollout', 'Ünïcode LAUNCH']);
    const second = await s.annotations.list({ projectId: 1, limit: 2, offset: 2 });
    expect(second.results.map((a) => a.content)).toEqual(['launch_v2', 'unrelated']);
    expect((await s.annotations.list({ projectId: 1, limit: 2, offset: 9 })).total).toBe(4);

    const search = async (text: string) =>
      (await s.annotations.list({ projectId: 1, search: text, limit: 10, offset: 0 })).results.map(
        (a) => a.content,
      );
    expect(await search('LAUNCH')).toEqual(['Launch 100% rollout', 'Ünïcode LAUNCH', 'launch_v2']);
    expect(await search('%')).toEqual(['Launch 100% rollout']);
    expect(await search('_')).toEqual(['launch_v2']);
    expect(await search('ünï')).toEqual(['Ünïcode LAUNCH']);
  });

  it('bounds the list by date marker, inclusive, and leaves deleted ones out', async () => {
    const a = await s.annotations.insert(note('a', '2026-01-01'));
    const b = await s.annotations.insert(note('b', '2026-01-02'));
    await s.annotations.insert(note('c', '2026-01-03'));
    const range = async (after: string, before: string) =>
      (
        await s.annotations.list({ projectId: 1, after: at(after), before: at(before), limit: 10, offset: 0 })
      ).results.map((x) => x.content);
    expect(await range('2026-01-01T12:00:00.250Z', '2026-01-02T12:00:00.250Z')).toEqual(['b', 'a']);
    await s.annotations.update({
      ...b,
      content: 'b edited',
      deleted: true,
      updatedAt: at('2026-03-02T00:00:00Z'),
    });
    expect(await range('2026-01-01T00:00:00Z', '2026-01-31T00:00:00Z')).toEqual(['c', 'a']);
    expect(await s.annotations.get(1, b.id)).toMatchObject({
      content: 'b edited',
      deleted: true,
      updatedAt: at('2026-03-02T00:00:00Z'),
    });
    // An update names its project: another project's id is left alone.
    await s.annotations.update({ ...a, projectId: 2, content: 'hijack' });
    expect(await s.annotations.get(1, a.id)).toMatchObject({ content: 'a' });
  });
});
