import { CodegenError } from './codegen-error.ts';
import type { SignpostApi } from './signpost-api.ts';

/** One environment (PostHog's "team") whose flag settings the generated types must cover. */
export interface CodegenEnvironment {
  id: number | '@current';
  name: string;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function parseEnvironment(raw: unknown): CodegenEnvironment | undefined {
  if (!isRecord(raw) || typeof raw.id !== 'number' || !Number.isInteger(raw.id)) return undefined;
  return { id: raw.id, name: typeof raw.name === 'string' && raw.name !== '' ? raw.name : String(raw.id) };
}

/**
 * The environments asked for by name or id, or, when none are, every environment of the key owner's current
 * project. An id outside that project is looked up on its own, so a check can span projects (a web app and its
 * API reading flags of two projects from one module).
 */
export async function resolveEnvironments(
  api: SignpostApi,
  refs: readonly string[],
): Promise<CodegenEnvironment[]> {
  const body = await api.get('/api/projects/@current/environments/');
  if (body === undefined) {
    // A server from before environments: its one project is the only environment there is.
    if (refs.length === 0) return [{ id: '@current', name: 'current' }];
    throw new CodegenError('UNKNOWN_ENVIRONMENT', `${api.origin} has no environments; drop --environment.`);
  }
  if (!isRecord(body) || !Array.isArray(body.results))
    throw new CodegenError('INVALID_RESPONSE', 'The environments API answered no "results" array.');
  const known = body.results.flatMap((raw) => parseEnvironment(raw) ?? []);
  if (refs.length === 0) return distinctNames(known);
  const chosen: CodegenEnvironment[] = [];
  for (const ref of refs) {
    const environment = await findEnvironment(api, known, ref);
    if (!chosen.some((e) => e.id === environment.id)) chosen.push(environment);
  }
  return distinctNames(chosen);
}

// Two projects may each have a "production": messages name environments, so those get their id added.
function distinctNames(environments: CodegenEnvironment[]): CodegenEnvironment[] {
  const count = (name: string) => environments.filter((e) => e.name === name).length;
  return environments.map((e) => (count(e.name) > 1 ? { ...e, name: `${e.name} (${e.id})` } : e));
}

async function findEnvironment(
  api: SignpostApi,
  known: readonly CodegenEnvironment[],
  ref: string,
): Promise<CodegenEnvironment> {
  const wanted = ref.trim();
  const found =
    known.find((e) => String(e.id) === wanted) ??
    known.find((e) => e.name.toLowerCase() === wanted.toLowerCase());
  if (found) return found;
  if (/^[0-9]{1,9}$/.test(wanted)) {
    // `/api/projects/<environment id>/` answers that environment, whichever project holds it.
    const project = await api.get(`/api/projects/${wanted}/`);
    const environment = isRecord(project) ? parseEnvironment(project.environment) : undefined;
    if (environment) return environment;
  }
  const names = known.map((e) => `${e.name} (${e.id})`).join(', ');
  throw new CodegenError(
    'UNKNOWN_ENVIRONMENT',
    `No environment "${ref}"; the current project has ${names || 'none'}.`,
  );
}
