/**
 * The engine's events: what a UI (a text screen, a web page, a real device's display) shows while
 * a transaction runs, without knowing the engine's insides. Masked: no PAN beyond first 6 / last
 * 4, never a track, PIN or key.
 */
import type { EntryMethod, Screen } from './ports';
import type { TerminalTransactionKind } from './state';

/** A step boundary (for the crash test's kill points, and tracing). */
export type TerminalStep =
  | 'reversal-written'
  | 'sent'
  | 'received'
  | 'before-commit'
  | 'committed'
  | 'printing'
  | 'printed';

/** An event. */
export type TerminalEvent =
  | { readonly type: 'display'; readonly screen: Screen }
  | { readonly type: 'prompt'; readonly prompt: string }
  | { readonly type: 'waiting-for-card'; readonly methods: readonly EntryMethod[]; readonly prompt: string }
  | { readonly type: 'pin-entry'; readonly maskedPan: string }
  | { readonly type: 'online'; readonly mti: string; readonly stan: string }
  | { readonly type: 'wire'; readonly line: string }
  | { readonly type: 'approved'; readonly kind: TerminalTransactionKind; readonly voucher: string; readonly authCode: string }
  | { readonly type: 'declined'; readonly kind: TerminalTransactionKind; readonly code: string; readonly reason: string }
  | { readonly type: 'reversal'; readonly stan: string; readonly reason: string; readonly outcome: 'sent' | 'pending' }
  | { readonly type: 'printing'; readonly copy: string }
  | { readonly type: 'step'; readonly step: TerminalStep };

/** A listener. */
export type TerminalListener = (event: TerminalEvent) => void;
