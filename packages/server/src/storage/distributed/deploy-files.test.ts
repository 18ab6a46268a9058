import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.ts';

// No YAML or XML parser ships with the repository (and adding one for a docs check is not worth a dependency),
// so these checks read the deployment files as text: what they prove is that the pieces name each other
// consistently and that the nodes' environment is one config.ts accepts. Docker itself never ran them here.
const DEPLOY = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../../docs/deploy');
const read = (file: string) => readFileSync(path.join(DEPLOY, file), 'utf8');
const compose = read('docker-compose.yml');

/** The `.env` example's values, which `${VAR:?…}` / `${VAR:-default}` in the compose file take. */
function envExample(): Map<string, string> {
  return new Map(
    read('signpost.env.example')
      .split('\n')
      .filter((line) => /^[A-Z_]+=/.test(line))
      .map(
        (line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)] as [string, string],
      ),
  );
}

function interpolate(value: string, vars: Map<string, string>): string {
  return value.replace(
    /\$\{([A-Z_]+)(?::[?-]([^}]*))?\}/g,
    (_, name: string, fallback: string | undefined) => {
      const v = vars.get(name);
      if (v !== undefined) return v;
      if (fallback !== undefined && !/^set /.test(fallback)) return fallback;
      throw new Error(`${name} is required by docker-compose.yml but missing from signpost.env.example`);
    },
  );
}

/** The SIGNPOST_ variables of the shared Signpost service block (`x-signpost`). */
function signpostEnvironment(): Record<string, string> {
  const block = compose.slice(compose.indexOf('x-signpost:'), compose.indexOf('\nservices:'));
  const vars = envExample();
  const env: Record<string, string> = {};
  for (const match of block.matchAll(/^ {4}(SIGNPOST_[A-Z_]+): (.*)$/gm)) {
    const [, name = '', raw = ''] = match;
    env[name] = interpolate(raw.replace(/^"(.*)"$/, '$1'), vars);
  }
  return env;
}

const services = new Set([...compose.matchAll(/^ {2}([a-z0-9-]+):$/gm)].map((m) => m[1]));

describe('the deployment files (docs/deploy)', () => {
  it('give every Signpost node an environment config.ts accepts as distributed mode on a replicated cluster', () => {
    const config = loadConfig(signpostEnvironment());
    expect(config.distributed?.clickhouse.nodes).toEqual([]);
    expect(config.distributed?.clickhouse.insertQuorum).toBe(2);
    expect(config.distributed?.databaseUrl).toBe(
      `postgres://signpost:${envExample().get('POSTGRES_PASSWORD')}@postgres:5432/signpost`,
    );
    // The hosts Signpost connects to are services of the file.
    expect(services).toContain(new URL(config.distributed?.clickhouse.url ?? '').hostname);
    expect(services).toContain('postgres');
    expect(config.trustProxy).toBe(true);
  });

  it('mount only files that exist', () => {
    const sources = [...compose.matchAll(/- (\.\/[^:]+):/g)].map((m) => m[1] ?? '');
    expect(sources.length).toBeGreaterThan(5);
    for (const source of sources) expect(existsSync(path.join(DEPLOY, source)), source).toBe(true);
  });

  it('agree on the cluster: its name, the macros the Replicated engines use, Keeper and the servers', () => {
    const cluster = read('clickhouse/cluster.xml');
    const name = signpostEnvironment().SIGNPOST_CLICKHOUSE_CLUSTER;
    expect(cluster).toMatch(new RegExp(`<remote_servers>\\s*<${name}>`));
    // storage/clickhouse/clickhouse-topology.ts puts {shard} and {replica} into every Keeper path.
    expect(cluster).toMatch(/<shard from_env="CLICKHOUSE_SHARD"\/>/);
    expect(cluster).toMatch(/<replica from_env="CLICKHOUSE_REPLICA"\/>/);
    expect(cluster).toContain('<internal_replication>true</internal_replication>');
    const hosts = [...cluster.matchAll(/<host>([a-z0-9-]+)<\/host>/g)].map((m) => m[1]);
    expect(hosts).toHaveLength(7);
    for (const host of hosts) expect(services).toContain(host);
    const keeper = read('clickhouse/keeper.xml');
    for (const host of [...keeper.matchAll(/<hostname>([a-z0-9-]+)<\/hostname>/g)].map((m) => m[1]))
      expect(services).toContain(host);
  });

  it('let each nginx balancer name only services of the file', () => {
    for (const file of ['nginx/signpost.conf', 'nginx/clickhouse.conf']) {
      const upstreams = [...read(file).matchAll(/^\s+server ([a-z0-9-]+):\d+/gm)].map((m) => m[1]);
      expect(upstreams.length, file).toBeGreaterThanOrEqual(2);
      for (const host of upstreams) expect(services, file).toContain(host);
    }
  });
});
