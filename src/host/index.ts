/**
 * cardwire/host: an acquirer host simulator as a pure library. `Host` answers UnionPay POS (and
 * ISO 8583:1987 ASCII) requests from a validated configuration and a `Ledger`: sign-on with key
 * download, MAC, PIN and ARQC checks, purchases, voids, refunds, pre-authorisations, balance,
 * reversals, settlement and batch upload, with response rules and fault injection. The TCP
 * server, the CLI's stores (SQLite, PostgreSQL) and the configuration file loader are in
 * `cardwire/host/node`.
 *
 * @packageDocumentation
 */
export type {
  KeyJson,
  KeyScheme,
  TerminalJson,
  TerminalRangeJson,
  PinVerificationJson,
  AccountJson,
  CardStatus,
  EmvJson,
  CardJson,
  CardRangeJson,
  FaultJson,
  RuleJson,
  HostConfigJson,
  HostKey,
  HostTerminal,
  HostCard,
  HostRule,
  HostConfig,
} from './config/types';
export { validateHostConfig, type ValidateHostConfigOptions } from './config/validate';
export { defaultHostConfig } from './config/default';

export {
  TRANSACTION_KINDS,
  type CardClass,
  type TransactionKind,
  type TransactionStatus,
  type LedgerTerminal,
  type LedgerAccount,
  type LedgerTransaction,
  type TransactionUpdate,
  type LedgerReversal,
  type TransactionQuery,
  type LedgerSettlement,
  type LedgerUpload,
  type LedgerTx,
  type LedgerListQuery,
  type Ledger,
} from './ledger/ledger';
export { MemoryLedger } from './ledger/memory';
export { matchesQuery } from './ledger/query';

export { FINANCIAL_KINDS, type HostRequestKind, type HostRequest, type HostAnswer, type AnswerBalance, type OriginalReference, type RequestPin } from './request';
export { hostResponseCodes, type HostResponseCode, type HostCode } from './response-codes';
export type { HostProfile } from './profiles/profile';
export { unionPayProfile } from './profiles/unionpay';
export { iso87Profile } from './profiles/iso87';
export { HostKeys, terminalKeyRefs, cardKeyRefs, type TerminalKeyRefs } from './keys';
export { Host, settlementTotals, type HostOptions, type HostReply, type HostLogEntry } from './host';
