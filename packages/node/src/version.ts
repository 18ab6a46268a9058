/** `$lib` on every event this SDK sends, so Signpost and PostHog can tell its traffic apart. */
export const SDK_NAME = 'signpost-node';

/** `$lib_version`; a test keeps it equal to package.json's version. */
export const SDK_VERSION = '0.1.0';
