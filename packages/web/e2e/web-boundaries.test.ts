import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { WEB_ROOT } from './build-web.ts';

// STYLE.md §14: the app talks to the server over HTTP only, so it can never depend on server internals, and it
// runs in a browser, so it cannot use Node built-ins.
describe('web app imports', () => {
  it('reach neither the server package nor Node built-ins', () => {
    const src = path.join(WEB_ROOT, 'src');
    const offenders = readdirSync(src, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() && /\.tsx?$/.test(e.name) && !e.name.endsWith('.test.ts'))
      .flatMap((e) => {
        const file = path.join(e.parentPath, e.name);
        return [...readFileSync(file, 'utf8').matchAll(/from\s+['"]([^'"]+)['"]/g)]
          .map((m) => m[1] ?? '')
          .filter(
            (spec) =>
              spec.startsWith('node:') || spec.includes('server/') || spec.startsWith('@signpost/server'),
          )
          .map((spec) => `${path.relative(src, file)}: ${spec}`);
      });
    expect(offenders).toEqual([]);
  });
});
