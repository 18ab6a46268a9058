import { readdir } from 'node:fs/promises';

/** True when `dir` does not exist or holds nothing: backups and restores never mix with what is there. */
export async function isEmptyOrMissing(dir: string): Promise<boolean> {
  try {
    return (await readdir(dir)).length === 0;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return true;
    // A file where the folder should be is not an empty folder either.
    if (code === 'ENOTDIR') return false;
    throw error;
  }
}
