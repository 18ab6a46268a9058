import { readFileSync } from 'node:fs';

/** The server package's version, recorded in every backup manifest (which release wrote it). */
export const SIGNPOST_VERSION: string = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
