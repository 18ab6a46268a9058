import os from 'node:os';

export interface PlatformInfo {
  /** `Linux`, `Darwin` or `Windows`, as Python's `platform.system()` names them in the guide. */
  name: string;
  /** The kernel release, e.g. `6.8.0-45-generic`. */
  release: string;
  /** The machine type, e.g. `x86_64`, `arm64`. */
  machine: string;
  /** The Node.js version running the app. */
  runtimeVersion: string;
  /** The IANA time zone, e.g. `Europe/Berlin`. */
  timezone: string;
}

/** The host the installation runs on. */
export function currentPlatform(): PlatformInfo {
  const type = os.type();
  return {
    name: type === 'Windows_NT' ? 'Windows' : type,
    release: os.release(),
    machine: os.machine(),
    runtimeVersion: process.versions.node,
    timezone: Intl.DateTimeFormat().resolvedOptions().timeZone,
  };
}
