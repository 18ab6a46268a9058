// The whole reach of a project secret key: the definitions SDKs poll for local evaluation and the remote-config
// payload read (posthog-node sends its `personalApiKey` to both). Everything else under /api refuses it, so an
// app server's key cannot read events or change a flag. Paths are matched as Hono routes them (same raw path).
const ALLOWED_PATHS: readonly RegExp[] = [
  /^\/flags\/definitions\/?$/,
  /^\/api\/feature_flag\/local_evaluation\/?$/,
  /^\/api\/projects\/[^/]+\/feature_flags\/local_evaluation\/?$/,
  /^\/api\/projects\/[^/]+\/feature_flags\/[^/]+\/remote_config\/?$/,
];

export function secretKeyMayCall(method: string, path: string): boolean {
  return (method === 'GET' || method === 'HEAD') && ALLOWED_PATHS.some((p) => p.test(path));
}
