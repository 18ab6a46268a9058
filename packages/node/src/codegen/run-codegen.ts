import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CodegenError } from './codegen-error.ts';
import { declaredFlagKeys } from './declared-flag-keys.ts';
import { resolveEnvironments } from './environment-list.ts';
import { fetchFlagDefinitions } from './fetch-flag-definitions.ts';
import { type MergedFlags, mergeEnvironments } from './merge-environments.ts';
import { renderFlagsModule } from './render-flags-module.ts';
import { SignpostApi } from './signpost-api.ts';

export interface CodegenOptions {
  host: string;
  personalApiKey: string;
  /** The `.ts` file to write. */
  out: string;
  /** Environment names or ids to cover; empty or absent: every environment of the current project. */
  environments?: readonly string[];
  /**
   * Compare instead of writing (for CI): fail with `MISSING_IN_ENVIRONMENT` when a flag the file declares or an
   * environment has is absent from a requested environment, with `OUT_OF_DATE` when the file differs.
   */
  check?: boolean;
}

export interface CodegenResult {
  out: string;
  flagCount: number;
  changed: boolean;
  /** The environments read, by name. */
  environments: string[];
  /** What the caller should see but what does not fail: flags switched off, payload types that differ. */
  warnings: string[];
}

/** Reads the flag definitions of each environment and writes (or checks) the typed-flags module. */
export async function runCodegen(options: CodegenOptions): Promise<CodegenResult> {
  const api = new SignpostApi(options);
  const environments = await resolveEnvironments(api, options.environments ?? []);
  const perEnvironment = [];
  // One environment after another: a CI job should not burst a shared server.
  for (const environment of environments)
    perEnvironment.push({ environment, flags: await fetchFlagDefinitions(api, environment.id) });
  const merged = mergeEnvironments(perEnvironment);
  const source = renderFlagsModule(merged.flags, {
    source: api.origin,
    environmentCount: environments.length,
  });
  const out = path.resolve(options.out);
  const current = await readFile(out, 'utf8').catch(() => undefined);
  const changed = current !== source;
  const names = environments.map((e) => e.name);
  const declared = current === undefined ? [] : declaredFlagKeys(current);
  const known = new Set(merged.flags.map((f) => f.key));
  // A flag the module (so the app's code) still names but the server stopped serving: say whether it was
  // archived (reversible) or deleted. Asked only then, so an up-to-date check costs no extra request.
  const archived = new Set<string>();
  if (declared.some((key) => !known.has(key)))
    for (const environment of environments)
      for (const f of await fetchFlagDefinitions(api, environment.id, 'archived')) archived.add(f.key);
  const missing = missingFlags(merged, declared, names, archived);
  if (options.check) {
    if (missing.length > 0) {
      const stale = changed ? `\n${options.out} is also out of date; run signpost-codegen.` : '';
      throw new CodegenError('MISSING_IN_ENVIRONMENT', `${missing.join('\n')}${stale}`);
    }
    if (changed) {
      throw new CodegenError(
        'OUT_OF_DATE',
        `${options.out} does not match the flags of ${names.join(', ')}; run signpost-codegen.`,
      );
    }
  } else if (changed) {
    await mkdir(path.dirname(out), { recursive: true });
    // Written beside and renamed, so a watcher or a concurrent tsc never sees half a file.
    const temp = `${out}.${process.pid}.tmp`;
    await writeFile(temp, source);
    await rename(temp, out);
  }
  // Without --check a missing flag does not fail: the module is being regenerated, so say it and move on.
  const warnings = [...(options.check ? [] : missing), ...otherWarnings(merged)];
  return { out, flagCount: merged.flags.length, changed, environments: names, warnings };
}

/** One line per flag used in code (declared in the file, or in some environment) that an environment lacks. */
function missingFlags(
  merged: MergedFlags,
  declared: readonly string[],
  environments: string[],
  archived: ReadonlySet<string>,
): string[] {
  const lines = [...merged.missing].map(
    ([key, absent]) => `flag '${key}' is missing in ${absent.join(', ')} (it exists in other environments).`,
  );
  const known = new Set(merged.flags.map((f) => f.key));
  for (const key of declared) {
    if (archived.has(key))
      lines.push(`flag '${key}' is used in code but archived (served nowhere); remove its call sites.`);
    else if (!known.has(key))
      lines.push(`flag '${key}' is used in code but missing in ${environments.join(', ')} (deleted?).`);
  }
  return lines;
}

function otherWarnings(merged: MergedFlags): string[] {
  const lines = [...merged.switchedOff].map(
    ([environment, keys]) =>
      `${keys.length} ${keys.length === 1 ? 'flag is' : 'flags are'} switched off in ${environment}: ${keys.join(', ')}.`,
  );
  for (const [key, types] of merged.payloadConflicts) {
    const each = types.map((t) => `${t.environment}: ${t.type.replace(/\s+/g, ' ')}`).join('; ');
    lines.push(`flag '${key}' has a different payload type per environment (${each}); typed as their union.`);
  }
  return lines;
}
