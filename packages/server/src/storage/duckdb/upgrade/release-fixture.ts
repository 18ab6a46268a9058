import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The release the committed fixture was written by (see fixtures/README.md). */
export const FIXTURE_RELEASE = '5da6212';
export const FIXTURES_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');

// Keys unlike the test helpers' own, so a server that took its key from the test's configuration instead of
// from the data folder could not pass. The personal key is the one secret a test must know to sign in.
export const FIXTURE_PROJECT_KEY = 'phc_release_fixture_project_01';
export const FIXTURE_PERSONAL_KEY = 'phx_release_fixture_personal_01';

export const factsFile = (release: string) => path.join(FIXTURES_DIR, `release-${release}.facts.json`);
/** Each file of the data folder, gzipped, as `release-<commit>.<file name>.gz`. */
export const dataFilePrefix = (release: string) => `release-${release}.`;
