/**
 * The terminal's hardware ports (DESIGN.md §1): the engine reaches the card, the cardholder, the
 * cashier, the printer and the host only through these. Each has a simulator in
 * `terminal/simulators` for tests and demos; a terminal vendor implements them over the device's
 * drivers. Every wait takes a timeout and an `AbortSignal`, so any prompt can time out or be
 * cancelled by the UI.
 */
import type { CancelSignal } from '../core/index';
import type { ApduTransmit } from '../emv/index';
import type { StripeBits } from '../track/index';

/** How a card (or payment code) can be presented. */
export type EntryMethod = 'swipe' | 'insert' | 'tap' | 'manual' | 'qr';

/** Common options of a wait on a port. */
export interface WaitOptions {
  readonly timeoutMs: number;
  readonly signal?: CancelSignal;
}

/** What the card reader delivered. */
export type PresentedCard =
  | { readonly method: 'swipe'; readonly track1?: string; readonly track2?: string; readonly track3?: string }
  /** The bits a read head delivered, per track (decoded by the engine: ISO 7811 parity and LRC). */
  | { readonly method: 'swipe-bits'; readonly track1?: StripeBits; readonly track2?: StripeBits; readonly track3?: StripeBits }
  /** A chip card in the contact slot; `transmit` exchanges APDUs until the card is removed. */
  | { readonly method: 'insert'; readonly transmit: ApduTransmit }
  /** A contactless card or device in the field. */
  | { readonly method: 'tap'; readonly transmit: ApduTransmit }
  | { readonly method: 'manual'; readonly pan: string; readonly expiry: string }
  | { readonly method: 'cancelled' }
  | { readonly method: 'timeout' };

/** The card reader: magnetic head, contact slot and contactless field. */
export interface CardReader {
  /** Wait for a card presented in one of `methods`. */
  read(request: WaitOptions & { readonly methods: readonly EntryMethod[]; readonly prompt: string }): Promise<PresentedCard>;
  /** Wait until the chip card is taken out (after a chip transaction), or the timeout. */
  awaitRemoval?(options: WaitOptions): Promise<void>;
}

/** What an online PIN entry gave. */
export type PinEntry =
  /** The PIN block, enciphered under `keyRef` inside the security module / PED. */
  | { readonly kind: 'entered'; readonly block: Uint8Array }
  | { readonly kind: 'bypassed' }
  | { readonly kind: 'cancelled' }
  | { readonly kind: 'timeout' };

/** An offline PIN entry for the chip (VERIFY): the ICC PIN block, plaintext format 2 or enciphered. */
export type OfflinePinEntry =
  | { readonly kind: 'entered'; readonly plaintextPinBlock: Uint8Array }
  | { readonly kind: 'bypassed' }
  | { readonly kind: 'cancelled' }
  | { readonly kind: 'timeout' };

/**
 * The PIN pad: the PIN is entered and enciphered inside it (ISO 9564 format 0 under the PIK held
 * by reference in the security module). The engine never sees a clear PIN.
 */
export interface PinPad {
  onlinePin(request: WaitOptions & { readonly pan: string; readonly keyRef: string; readonly amountText: string; readonly allowBypass: boolean }): Promise<PinEntry>;
  /** Offline PIN for the chip (EMV Book 3 §10.5): the ICC PIN block (format 2) for VERIFY. */
  offlinePin?(request: WaitOptions & { readonly tryCounter: number | undefined; readonly amountText: string }): Promise<OfflinePinEntry>;
}

/** A screen of the terminal. */
export interface Screen {
  readonly title: string;
  readonly lines: readonly string[];
}

/** The display. */
export interface Display {
  show(screen: Screen): void;
}

/** What the cashier is asked for. */
export type KeypadRequest =
  | { readonly kind: 'amount'; readonly prompt: string; readonly currency: string }
  | { readonly kind: 'digits'; readonly prompt: string; readonly min: number; readonly max: number }
  | { readonly kind: 'password'; readonly prompt: string; readonly min: number; readonly max: number }
  | { readonly kind: 'confirm'; readonly prompt: string }
  | { readonly kind: 'choice'; readonly prompt: string; readonly options: readonly string[] };

/** What the cashier answered: the text typed (amount in minor units as digits, `'1'`/`'0'` for confirm, the index for a choice). */
export type KeypadAnswer = { readonly kind: 'entered'; readonly value: string } | { readonly kind: 'cancelled' } | { readonly kind: 'timeout' };

/** The keypad. */
export interface Keypad {
  read(request: KeypadRequest & WaitOptions): Promise<KeypadAnswer>;
}

/** The printer: text lines (a text/console printer) or ESC/POS bytes (a thermal printer). */
export interface Printer {
  /** Preferred output (default text, 32 columns). */
  readonly kind?: 'text' | 'escpos';
  readonly columns?: 32 | 48;
  print(output: { readonly lines: readonly string[] } | { readonly escpos: Uint8Array }): Promise<void>;
}

/** The code scanner (a customer's payment code, 付款码). */
export interface Scanner {
  scan(request: WaitOptions & { readonly prompt: string }): Promise<{ readonly kind: 'scanned'; readonly code: string } | { readonly kind: 'cancelled' } | { readonly kind: 'timeout' }>;
}

/**
 * The host link: one request's payload (for UnionPay: TPDU + header + message) out, its answer
 * in. Rejects with `TRANSPORT_TIMEOUT` or `TRANSPORT_DISCONNECTED` when the outcome is unknown (the
 * engine then reverses), `TRANSPORT_CONNECT_FAILED` / `TRANSPORT_NOT_CONNECTED` when nothing was
 * sent.
 */
export interface HostChannel {
  /**
   * `options.key`, when given, is the request's matching key as `stanTerminalKey` gives it (DE 11
   * and DE 41): the engine passes it so that a multiplexing channel need not decode the payload.
   */
  request(payload: Uint8Array, options: { readonly timeoutMs: number; readonly key?: string }): Promise<Uint8Array>;
}
