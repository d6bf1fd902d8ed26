/**
 * A request as the host's flows see it, whatever dialect carried it: a dialect profile reads an
 * ISO 8583 message into a {@link HostRequest} and writes a {@link HostAnswer} back into the
 * dialect's response, so authorisation, keys and settlement are written once.
 */
import type { IsoMessage, TlvValueNode } from '../iso8583/index';
import type { TransactionKind } from './ledger/ledger';

/** What the host is asked to do. */
export type HostRequestKind = 'sign-on' | 'sign-off' | 'echo' | TransactionKind | 'reversal' | 'settlement' | 'upload' | 'upload-end';

/** The financial kinds: those a rule, the MAC rule and the sign-on rule apply to. */
export const FINANCIAL_KINDS: ReadonlySet<HostRequestKind> = new Set<HostRequestKind>([
  'purchase',
  'balance',
  'void',
  'refund',
  'preauth',
  'preauth-void',
  'completion',
  'completion-advice',
  'completion-void',
  'offline-purchase',
  'transfer',
]);

/** Data of the original transaction a request refers to (UnionPay DE 61, 37, 38). */
export interface OriginalReference {
  readonly batch?: string;
  readonly stan?: string;
  /** MMDD. */
  readonly date?: string;
  readonly rrn?: string;
  readonly authCode?: string;
}

/** PIN data of a request. */
export interface RequestPin {
  readonly block: Uint8Array;
  /** The PIN block carries the PAN (ISO 9564 format 0 with the PAN; UnionPay 53.1 = 1) or not (53.1 = 2). */
  readonly withPan: boolean;
  /** 53.2: the PIN key is double length (6) or single (0). */
  readonly doubleLength: boolean;
}

/** A request, read from its dialect. */
export interface HostRequest {
  readonly kind: HostRequestKind;
  readonly mti: string;
  readonly message: IsoMessage;
  readonly tid: string;
  readonly mid: string;
  readonly stan: string;
  /** The terminal's batch (UnionPay 60.2). */
  readonly batch: string;
  /** UnionPay 60.1 transaction type code, as sent. */
  readonly typeCode: string;
  /** UnionPay 60.3 network management code, as sent. */
  readonly networkCode: string;
  readonly processingCode: string;
  readonly amount: bigint | undefined;
  /** DE 49, ISO 4217 numeric. */
  readonly currency: string;
  /** DE 2. */
  readonly pan: string | undefined;
  /** DE 14, YYMM. */
  readonly expiry: string | undefined;
  /** DE 35 / 36 as carried (enciphered when `tracksEnciphered`). */
  readonly track2: string | undefined;
  readonly track3: string | undefined;
  readonly tracksEnciphered: boolean;
  readonly pin: RequestPin | undefined;
  /** DE 22. */
  readonly entryMode: string;
  /** UnionPay 60.5: 2 after a failed chip read (fallback). */
  readonly fallback: boolean;
  /** A QR payment's code (UnionPay DE 59, usage A3). */
  readonly paymentCode: string | undefined;
  /** DE 23. */
  readonly cardSequence: string | undefined;
  /** DE 55. */
  readonly icc: readonly TlvValueNode[] | undefined;
  readonly original: OriginalReference;
  /** DE 39 of a reversal: why the terminal reverses. */
  readonly reversalReason: string | undefined;
  /** DE 48 (settlement totals, upload records, transfer account). */
  readonly additionalData: string | undefined;
  /** DE 64 and the bytes it covers; undefined when the request has no MAC. */
  readonly mac: { readonly value: Uint8Array; readonly data: Uint8Array } | undefined;
}

/** Balance answered in a balance inquiry. */
export interface AnswerBalance {
  readonly accountKind: 'debit' | 'credit';
  readonly available: bigint;
  /** ISO 4217 numeric. */
  readonly currency: string;
}

/** What the host answers, before the dialect writes it. */
export interface HostAnswer {
  /** DE 39. */
  readonly code: string;
  /** DE 32: the acquiring institution. */
  readonly acquirer: string;
  /** The issuer's institution id (DE 44 issuer part), for card answers. */
  readonly issuer?: string;
  readonly authCode?: string;
  readonly rrn?: string;
  /** Host local date MMDD and time hhmmss (DE 13 / 12), and settlement date (DE 15). */
  readonly localDate: string;
  readonly localTime: string;
  readonly settlementDate?: string;
  /** DE 2 to answer with (a swiped card's PAN). */
  readonly pan?: string;
  /** 63.1: the card organisation. */
  readonly cardOrganisation?: string;
  readonly balance?: AnswerBalance;
  /** DE 55 objects of the answer (91, 71, 72). */
  readonly icc?: readonly TlvValueNode[];
  /** Sign-on: the batch the host assigns (60.2) and the working keys (DE 62). */
  readonly batch?: string;
  readonly workingKeys?: Uint8Array;
  /** DE 48 of a settlement answer. */
  readonly additionalData?: string;
}
