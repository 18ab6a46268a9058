import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { apiCall } from './release-api.ts';
import { readReleaseFacts } from './release-facts.ts';
import {
  dataFilePrefix,
  FIXTURE_PERSONAL_KEY,
  FIXTURE_PROJECT_KEY,
  FIXTURES_DIR,
  factsFile,
} from './release-fixture.ts';
import { writeReleaseData } from './release-writes.ts';

// Builds the upgrade fixture with an OLD release's own code: its main.ts runs as a process on a fresh data
// folder, everything is written and read back over HTTP, and the folder is stored once the server has stopped
// cleanly. Usage (from the repository root, the old tree checked out and `npm ci`-ed):
//   node --import tsx packages/server/src/storage/duckdb/upgrade/make-release-fixture.ts /work/old-5da6212

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

async function waitHealthy(url: string, exited: () => boolean, output: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited()) throw new Error(`the old server exited before it was ready:\n${output()}`);
    if (Date.now() > deadline) throw new Error(`the old server was not healthy within 60 s:\n${output()}`);
    try {
      if ((await fetch(`${url}/_health`)).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function main(oldTree: string): Promise<void> {
  const release = execFileSync('git', ['-C', oldTree, 'rev-parse', '--short=7', 'HEAD'], {
    encoding: 'utf8',
  }).trim();
  const dataDir = mkdtempSync(path.join(tmpdir(), `signpost-release-${release}-`));
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'packages/server/src/main.ts'], {
    cwd: oldTree,
    // The old server's whole environment (node is started by absolute path, so it needs no PATH): nothing
    // from the caller's shell can change how the fixture is written.
    env: {
      SIGNPOST_DATA_DIR: dataDir,
      SIGNPOST_HOST: '127.0.0.1',
      SIGNPOST_PORT: String(port),
      SIGNPOST_PROJECT_API_KEY: FIXTURE_PROJECT_KEY,
      SIGNPOST_PERSONAL_API_KEY: FIXTURE_PERSONAL_KEY,
      SIGNPOST_LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  try {
    const url = `http://127.0.0.1:${port}`;
    await waitHealthy(
      url,
      () => child.exitCode !== null,
      () => output,
    );
    const call = apiCall(fetch, url, FIXTURE_PERSONAL_KEY);
    await writeReleaseData(call, FIXTURE_PROJECT_KEY);
    const facts = await readReleaseFacts(call, FIXTURE_PROJECT_KEY);
    child.kill('SIGTERM');
    const code = await exit;
    if (code !== 0) throw new Error(`the old server stopped with code ${code}:\n${output}`);
    writeFileSync(factsFile(release), `${JSON.stringify({ release, ...facts }, null, 2)}\n`);
    for (const file of readdirSync(dataDir)) {
      const gz = gzipSync(readFileSync(path.join(dataDir, file)), { level: 9 });
      writeFileSync(path.join(FIXTURES_DIR, `${dataFilePrefix(release)}${file}.gz`), gz);
      process.stdout.write(`${file}: ${gz.length} bytes gzipped\n`);
    }
    process.stdout.write(`facts: ${facts.events.count} events, ${facts.persons.length} persons\n`);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const oldTree = process.argv[2];
if (!oldTree) {
  process.stderr.write('usage: make-release-fixture.ts <path of the old release checkout>\n');
  process.exit(2);
}
await main(path.resolve(oldTree));
