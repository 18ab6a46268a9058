import { randomUUID } from 'node:crypto';
import { SqlDefinitionStore } from '../definition-sql.ts';
import type { Param, PostgresDatabase } from './postgres-database.ts';
import { date, num, optionalDate, optionalNum, optionalStr, str } from './row-values.ts';
import { containsPattern, lowered } from './search-pattern.ts';

/** Shared by every node: each node's recorder merges its own counts in, so no node reads before it writes. */
export function postgresDefinitionStore(db: PostgresDatabase): SqlDefinitionStore<Date> {
  return new SqlDefinitionStore<Date>({
    transaction: (fn) => db.transaction((tx) => fn((sql, params) => tx.run(sql, params as Param[]))),
    query: (sql, params) => db.run(sql, params as Param[]),
    time: (d) => d,
    columns: (r) => ({
      str: (k) => str(r, k),
      num: (k) => num(r, k),
      bool: (k) => r[k] === true,
      date: (k) => date(r, k),
      optionalNum: (k) => optionalNum(r, k),
      optionalStr: (k) => optionalStr(r, k),
      optionalDate: (k) => optionalDate(r, k),
    }),
    search: { condition: (param) => `${lowered('name')} LIKE ${param} ESCAPE '\\'`, value: containsPattern },
    nameOrder: 'name COLLATE "C"',
    newId: randomUUID,
  });
}
