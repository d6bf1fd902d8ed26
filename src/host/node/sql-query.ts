/** The SQL form of a {@link TransactionQuery}, shared by the SQLite and PostgreSQL ledgers (the same filter as `matchesQuery`). */
import type { TransactionQuery } from '../index';

/**
 * The WHERE clause selecting what `q` selects, with its values in order; `param(n)` spells the
 * n-th placeholder (`?` for SQLite, `$n` for PostgreSQL). The clause text depends only on which
 * members `q` gives, so it keys a cache of prepared statements.
 *
 * @example
 * ```ts
 * transactionWhere({ rrn: '000000000042', localDate: '1125' }, (n) => `$${n}`);
 * // { where: 'WHERE rrn = $1 AND local_date = $2', values: ['000000000042', '1125'] }
 * ```
 */
export function transactionWhere(q: TransactionQuery, param: (n: number) => string): { where: string; values: unknown[] } {
  const terms: string[] = [];
  const values: unknown[] = [];
  const add = (column: string, value: string | undefined) => {
    if (value === undefined) return;
    values.push(value);
    terms.push(`${column} = ${param(values.length)}`);
  };
  add('tid', q.tid);
  add('batch', q.batch);
  add('stan', q.stan);
  add('rrn', q.rrn);
  add('auth_code', q.authCode);
  add('local_date', q.localDate);
  add('pan', q.pan);
  add('response_code', q.responseCode);
  if (q.kinds !== undefined) {
    const first = values.length + 1;
    values.push(...q.kinds);
    // No kind at all selects nothing (as `matchesQuery` has it), and `IN ()` is not SQL.
    terms.push(q.kinds.length === 0 ? '0 = 1' : `kind IN (${q.kinds.map((_, i) => param(first + i)).join(', ')})`);
  }
  return { where: terms.length === 0 ? '' : `WHERE ${terms.join(' AND ')}`, values };
}
