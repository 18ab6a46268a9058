import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CodegenError } from './codegen-error.ts';
import { fetchFlagDefinitions } from './fetch-flag-definitions.ts';
import { renderFlagsModule } from './render-flags-module.ts';

export interface CodegenOptions {
  host: string;
  personalApiKey: string;
  /** The `.ts` file to write. */
  out: string;
  /** Compare instead of writing: fail with `OUT_OF_DATE` when the file differs (for CI). */
  check?: boolean;
}

export interface CodegenResult {
  out: string;
  flagCount: number;
  changed: boolean;
}

/** Reads the project's flag definitions and writes (or checks) the typed-flags module. */
export async function runCodegen(options: CodegenOptions): Promise<CodegenResult> {
  const flags = await fetchFlagDefinitions(options);
  const source = renderFlagsModule(flags, { source: new URL(options.host).origin });
  const out = path.resolve(options.out);
  const current = await readFile(out, 'utf8').catch(() => undefined);
  const changed = current !== source;
  if (options.check) {
    if (changed) {
      throw new CodegenError(
        'OUT_OF_DATE',
        `${options.out} does not match the project's flags; run signpost-codegen.`,
      );
    }
  } else if (changed) {
    await mkdir(path.dirname(out), { recursive: true });
    // Written beside and renamed, so a watcher or a concurrent tsc never sees half a file.
    const temp = `${out}.${process.pid}.tmp`;
    await writeFile(temp, source);
    await rename(temp, out);
  }
  return { out, flagCount: flags.length, changed };
}
