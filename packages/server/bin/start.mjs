// `npm start`: runs the bundled server, rebuilding it first when a source file changed since the last build (a
// clone that edits src/ never runs stale code). The check stats the ~600 files the bundle was built from (~10 ms).
import { pathToFileURL } from 'node:url';
import { buildBundle, currentBuild } from './bundle.mjs';

const build = currentBuild();
let entry = build.entry;
if (entry === undefined) {
  process.stdout.write(`signpost: building the server (${build.stale})…\n`);
  entry = await buildBundle();
}
await import(pathToFileURL(entry).href);
