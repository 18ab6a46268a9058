import { existsSync, readFileSync } from 'node:fs';

export type DeploymentMethod = 'docker' | 'native';

/** The two files container detection looks at; injectable so tests can describe any host. */
export interface ContainerProbe {
  exists(path: string): boolean;
  readFile(path: string): string | undefined;
}

export const hostProbe: ContainerProbe = {
  exists: (path) => existsSync(path),
  readFile: (path) => {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return undefined;
    }
  },
};

// cgroup v1 names the runtime in the hierarchy; under cgroup v2 with a private namespace the file is just `0::/`,
// so `/.dockerenv` (created by Docker and by Podman's docker compatibility) is checked first.
const CONTAINER_CGROUP = /\/(docker|containerd|kubepods|libpod|crio|lxc)[/.-]/;

/** `docker` when the process runs in a container, `native` otherwise. */
export function detectDeploymentMethod(probe: ContainerProbe = hostProbe): DeploymentMethod {
  if (probe.exists('/.dockerenv')) return 'docker';
  const cgroup = probe.readFile('/proc/self/cgroup');
  return cgroup !== undefined && CONTAINER_CGROUP.test(cgroup) ? 'docker' : 'native';
}
