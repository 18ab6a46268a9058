import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { TEST_USER_PATH, type TestIdentity, type TestProviderOptions } from './oidc-test-identity.ts';

export type { TestIdentity } from './oidc-test-identity.ts';

export const TEST_OIDC_CLIENT = { clientId: 'signpost', clientSecret: 'signpost-test-client-secret' };

export interface TestProviderProcess {
  issuer: string;
  /** Who the provider signs in from now on, with these claims. */
  signInAs(identity: TestIdentity): Promise<void>;
  stop(): Promise<void>;
}

const MAIN = fileURLToPath(new URL('./oidc-test-provider-main.ts', import.meta.url));

/** Starts the test OpenID provider in its own Node process on loopback, with Signpost's client registered. */
export async function startProviderProcess(redirectUri: string): Promise<TestProviderProcess> {
  const options: TestProviderOptions = { ...TEST_OIDC_CLIENT, redirectUri };
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', MAIN, JSON.stringify(options)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stderr: string[] = [];
  child.stderr?.on('data', (d: Buffer) => stderr.push(d.toString()));
  const issuer = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`provider did not start: ${stderr.join('')}`)), 20_000);
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const match = /^ready (\S+)$/m.exec(out);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`provider exited with ${code}: ${stderr.join('')}`));
    });
  });
  return {
    issuer,
    async signInAs(identity) {
      const r = await fetch(`${issuer}${TEST_USER_PATH}`, { method: 'PUT', body: JSON.stringify(identity) });
      if (r.status !== 204) throw new Error(`PUT ${TEST_USER_PATH} → ${r.status}`);
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
