/**
 * Where distributed mode keeps its data: PostgreSQL for everything transactional (state and identities),
 * a ClickHouse cluster for events. `config.ts` builds this from SIGNPOST_DATABASE_URL and SIGNPOST_CLICKHOUSE_*.
 */
export interface DistributedSettings {
  /** `postgres://user:password@host:port/database` */
  databaseUrl: string;
  clickhouse: ClickHouseSettings;
}

export interface ClickHouseSettings {
  /** The HTTP endpoint inserts and queries go through (any node, or a load balancer in front of them). */
  url: string;
  /**
   * Every node's HTTP URL, for servers without `ON CLUSTER` DDL: migrations then create the local tables on each
   * node themselves and identity copies are written to each. Empty: `ON CLUSTER` with Replicated engines.
   */
  nodes: string[];
  /** The `remote_servers` cluster name that Distributed tables and `ON CLUSTER` use. */
  cluster: string;
  database: string;
  user: string;
  password: string;
  /** `insert_quorum` for event inserts on replicated clusters; undefined leaves the server's default. */
  insertQuorum: number | undefined;
}
