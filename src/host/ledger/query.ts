/** The one definition of which transactions a {@link TransactionQuery} selects, for adapters that filter in code. */
import type { LedgerTransaction, TransactionQuery } from './ledger';

/**
 * True when `t` matches every member `q` gives.
 *
 * @example
 * ```ts
 * matchesQuery(purchase, { tid: '10000159', kinds: ['purchase'] }); // true
 * ```
 */
export function matchesQuery(t: LedgerTransaction, q: TransactionQuery): boolean {
  return (
    (q.tid === undefined || t.tid === q.tid) &&
    (q.batch === undefined || t.batch === q.batch) &&
    (q.stan === undefined || t.stan === q.stan) &&
    (q.rrn === undefined || t.rrn === q.rrn) &&
    (q.authCode === undefined || t.authCode === q.authCode) &&
    (q.localDate === undefined || t.localDate === q.localDate) &&
    (q.pan === undefined || t.pan === q.pan) &&
    (q.responseCode === undefined || t.responseCode === q.responseCode) &&
    (q.kinds === undefined || q.kinds.includes(t.kind))
  );
}
