// Imported, not read at run time: the bundled server (bin/bundle.mjs) lives in another folder than this file.
import serverPackage from '../../package.json' with { type: 'json' };

/** The server package's version, recorded in every backup manifest (which release wrote it). */
export const SIGNPOST_VERSION: string = serverPackage.version;
