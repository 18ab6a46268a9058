import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** What an installation remembers between runs. It holds no personal data: a random id and versions. */
export interface InstallationState {
  installationId: string;
  /** The app version of the previous run, to tell an update from a restart. */
  version: string;
  firstSeenAt: string;
}

export const STATE_FILE = 'installation-telemetry.json';

function parse(text: string): InstallationState | undefined {
  try {
    const raw: unknown = JSON.parse(text);
    if (typeof raw !== 'object' || raw === null) return undefined;
    const { installationId, version, firstSeenAt } = raw as Record<string, unknown>;
    if (typeof installationId !== 'string' || installationId === '' || typeof version !== 'string')
      return undefined;
    return { installationId, version, firstSeenAt: typeof firstSeenAt === 'string' ? firstSeenAt : '' };
  } catch {
    return undefined;
  }
}

/** The stored state, or `undefined` on the first run (an unreadable file counts as a first run). */
export async function loadInstallationState(dir: string): Promise<InstallationState | undefined> {
  const text = await readFile(path.join(dir, STATE_FILE), 'utf8').catch(() => undefined);
  return text === undefined ? undefined : parse(text);
}

/** Writes the state atomically; answers whether it was persisted (a read-only data folder is not an error). */
export async function saveInstallationState(dir: string, state: InstallationState): Promise<boolean> {
  const file = path.join(dir, STATE_FILE);
  const temp = `${file}.${process.pid}.tmp`;
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(temp, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
    await rename(temp, file);
    return true;
  } catch {
    return false;
  }
}

export const newInstallationId = (): string => randomUUID();
