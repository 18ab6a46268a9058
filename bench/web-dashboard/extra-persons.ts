// The persons-list budget is stated for 100,000 persons; bench/query's generator makes one person per user and
// installation (70,000). These top it up with persons who have only a distinct id and a couple of properties, as
// sign-ups who never came back do, written by DuckDB the same way.

/** SQL adding `count` persons ("visitor-N") so the project holds `count` more. */
export function extraPersonsSql(projectId: number, count: number, created: Date): string[] {
  const at = `TIMESTAMP '${created.toISOString().replace('T', ' ').replace('Z', '')}'`;
  const all = `(SELECT 'visitor-' || v AS did,
      json_object('email', 'visitor-' || v || '@example.com', 'plan', 'free') AS props FROM range(${count}) t(v))`;
  return [
    `INSERT INTO persons SELECT ${projectId}, md5(did)::UUID, ${at}, props, true, false, 1 FROM ${all}`,
    `INSERT INTO person_distinct_ids SELECT ${projectId}, did, md5(did)::UUID, 1 FROM ${all}`,
  ];
}
