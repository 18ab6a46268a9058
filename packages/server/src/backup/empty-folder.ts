import { readdir } from 'node:fs/promises';

/** True when `dir` does not exist or holds nothing: backups and restores never mix with what is there. */
export async function isEmptyOrMissing(dir: string): Promise<boolean> {
  try {
    return (await readdir(dir)).length === 0;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return true;
    throw error;
  }
}
