/**
 * cardwire/terminal: the POS transaction engine terminal firmware embeds. Pure code: hardware
 * through ports (card reader, PIN pad, keypad, display, printer, scanner), durable state through a
 * Journal, keys by reference in a SecurityModule, the host through a HostChannel. The file journal
 * is in `cardwire/terminal/node`.
 *
 * @packageDocumentation
 */
// Engine
export { Terminal, type TerminalOptions, type TerminalSetup } from './terminal';
export { DEFAULT_KEY_REFS, type TerminalKeyRefs, type EnginePorts, type Exchange } from './engine';
export type { TerminalEvent, TerminalListener, TerminalStep } from './events';
export { KIND_RULES, type TransactionInput } from './flows/financial';
export { businessDay, type TransactionResult, type TransactionOutcome, type RefusalReason } from './flows/common';
export { batchTotals, failedTotals } from './flows/settlement';
export { hashPassword, checkPassword } from './password';
export type {
  EntryMethod,
  WaitOptions,
  PresentedCard,
  CardReader,
  PinEntry,
  OfflinePinEntry,
  PinPad,
  Screen,
  Display,
  KeypadRequest,
  KeypadAnswer,
  Keypad,
  Printer,
  Scanner,
  HostChannel,
} from './ports';
export {
  DEFAULT_PARAMS,
  applyRecord,
  encodeRecord,
  decodeRecord,
  replay,
  snapshotRecord,
  followingStan,
  type CardClass,
  type CardEntry,
  type TerminalParams,
  type StoredPassword,
  type TerminalTransaction,
  type TerminalTransactionKind,
  type PendingReversal,
  type SettlementProgress,
  type TerminalState,
  type TerminalRecord,
} from './state';
export {
  CUP_TRANSACTIONS,
  entryModeOf,
  signOnRequest,
  networkRequest,
  financialRequest,
  reversalRequest,
  settlementRequest,
  uploadRequest,
  macData,
  sealMac,
  parseAnswer,
  wireLine,
  type RequestIdentity,
  type RequestCard,
  type FinancialData,
  type ParsedAnswer,
} from './profiles/unionpay';
export { cupFrameKey, frameChannel, type FrameRequester } from './channel';
// Receipts
export {
  transactionReceipt,
  settlementReceipt,
  forcedSettlementReceipt,
  transactionListReceipt,
  receiptDateTime,
  receiptWord,
  copyName,
  type Receipt,
  type ReceiptItem,
  type ReceiptFieldKey,
  type ReceiptCopy,
  type ReceiptLanguage,
  type ReceiptTerminal,
  type TransactionReceiptOptions,
  type SettlementSummary,
  type ForcedSettlementTotals,
  type TransactionListOptions,
  type ReceiptOptions,
} from './receipt/model';
export { renderReceiptText, receiptLines, wrapText, type ReceiptLine, type ReceiptColumns, type ReceiptLayoutOptions } from './receipt/text';
export { renderReceiptEscpos } from './receipt/escpos';
export { encodeReceiptGbk, isGbkPrintable } from './receipt/gbk';
export { charWidth, displayWidth, printableText } from './receipt/width';
export type { ReceiptWord } from './receipt/labels';
// Simulators
export {
  swipeOf,
  ScriptedCardReader,
  ScriptedKeypad,
  VirtualPinPad,
  MemoryPrinter,
  MemoryDisplay,
  ScriptedScanner,
  functionChannel,
  type MagneticCardData,
} from './simulators/index';
// Journal
export type { Journal } from './journal/journal';
export { MemoryJournal } from './journal/memory';
