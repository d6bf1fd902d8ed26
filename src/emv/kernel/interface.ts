/**
 * What the kernel needs from the world around it, in one callbacks object (the terminal engine's
 * application selection screen, PIN pad and security module, display, and host link), the
 * transaction it is given, and the outcome it returns (a discriminated union on `kind`).
 */
import type { CardInterface } from '../card/index';
import type { De55Scheme } from '../de55';

/** One mutually supported application, as the cardholder is shown it (Book 1 §12.4). */
export interface ApplicationCandidate {
  /** ADF name (AID) the card gave, hex. */
  readonly aid: string;
  /** Application label (50). */
  readonly label?: string;
  /** Application preferred name (9F12), when the terminal can show its code table. */
  readonly preferredName?: string;
  /** Priority 1 (highest) to 15; absent when the card gives none. */
  readonly priority?: number;
  /** The card asks for cardholder confirmation before it is used (87 bit 8). */
  readonly confirmationRequired: boolean;
}

/** Messages of EMV Book 4 §11.2 (Table 8) the kernel asks the terminal to show, plus a few contactless ones. */
export type KernelMessage =
  | 'approved'
  | 'declined'
  | 'card-error'
  | 'incorrect-pin'
  | 'last-pin-try'
  | 'not-accepted'
  | 'pin-ok'
  | 'please-wait'
  | 'processing-error'
  | 'remove-card'
  | 'use-chip-reader'
  | 'try-again'
  | 'try-another-interface'
  | 'see-phone';

/**
 * The Book 4 message identifier of each kernel message (`undefined` for the ones Book 4 does not
 * number).
 *
 * @example
 * ```ts
 * kernelMessageIds['approved']; // '03'
 * ```
 */
export const kernelMessageIds: Readonly<Record<KernelMessage, string | undefined>> = {
  approved: '03',
  declined: '07',
  'card-error': '06',
  'incorrect-pin': '0A',
  'last-pin-try': undefined,
  'not-accepted': '0C',
  'pin-ok': '0D',
  'please-wait': '0E',
  'processing-error': '0F',
  'remove-card': '10',
  'use-chip-reader': '11',
  'try-again': '13',
  'try-another-interface': undefined,
  'see-phone': undefined,
};

/** A request for online PIN entry (Book 3 §10.5.2): the PIN pad and security module form the block. */
export interface OnlinePinRequest {
  readonly pan: string;
  readonly amount: bigint;
  /** 5F2A, 4 digits. */
  readonly currencyCode: string;
  readonly aid: string;
}

/** How an online PIN request ended. */
export type OnlinePinAnswer = 'entered' | 'bypassed' | 'cancelled' | 'pin-pad-not-working';

/** A request for offline PIN entry (Book 3 §10.5.1, Book 2 §7). */
export interface OfflinePinRequest {
  /** Enciphered (CVM 04/05) or plaintext (01/03). */
  readonly enciphered: boolean;
  /** PIN try counter (9F17) read with GET DATA, when the card answered it. */
  readonly tryCounter: number | undefined;
  /** 1 for the first entry, 2 after an incorrect PIN, … */
  readonly attempt: number;
  readonly pan: string;
  readonly amount: bigint;
  /** For an enciphered PIN: the ICC public key recovered in offline data authentication, to encipher under (Book 2 §7.1). */
  readonly iccPublicKey?: { readonly modulus: Uint8Array; readonly exponent: Uint8Array };
  /** For an enciphered PIN: the ICC unpredictable number from GET CHALLENGE (8 bytes). */
  readonly challenge?: Uint8Array;
}

/**
 * An offline PIN entry: the ISO 9564 format 2 block for VERIFY, or the enciphered PIN data the PIN
 * pad formed (Book 2 §7.1: 7F ‖ block ‖ challenge ‖ random, RSA-enciphered). Given a plaintext
 * block for an enciphered CVM, the kernel enciphers it itself.
 */
export type OfflinePinAnswer =
  | { readonly plaintextPinBlock: Uint8Array }
  | { readonly encipheredPinData: Uint8Array }
  | 'bypassed'
  | 'cancelled'
  | 'pin-pad-not-working';

/** What the kernel sends to the host (through the terminal engine) for online authorisation. */
export interface OnlineRequest {
  readonly interface: CardInterface;
  /** The DE 55 tag lists used, from the AID configuration. */
  readonly scheme: De55Scheme | undefined;
  readonly aid: string;
  readonly pan: string;
  /** 5F34, two digits. */
  readonly panSequenceNumber?: string;
  /** 5F24, YYMMDD. */
  readonly expiry?: string;
  /** Track 2 equivalent data (57). */
  readonly track2?: Uint8Array;
  readonly cardholderName?: string;
  readonly amount: bigint;
  readonly amountOther: bigint;
  /** 9C, 2 digits. */
  readonly transactionType: string;
  /** The ARQC (9F26) and its CID (9F27). */
  readonly cryptogram: Uint8Array;
  readonly cid: Uint8Array;
  /** DE 55 for the authorisation request (buildDe55 with the scheme's list). */
  readonly de55: Uint8Array | undefined;
  /** Every data object (terminal and ICC) at the time of the request, by tag. */
  readonly data: ReadonlyMap<string, Uint8Array>;
  readonly onlinePinEntered: boolean;
  readonly signatureRequired: boolean;
}

/** The host's answer, or that it could not be reached (Book 3 §10.9). */
export type OnlineResponse =
  | {
      readonly kind: 'approved' | 'declined' | 'referral';
      /** Authorisation response code (8A) as two characters: `'00'`, `'05'`, … */
      readonly authorisationResponseCode: string;
      /** Issuer authentication data (91): ARPC ‖ ARC (method 1) or ARPC ‖ CSU ‖ data (method 2). */
      readonly issuerAuthenticationData?: Uint8Array;
      /** Issuer script templates 71 and 72, BER-TLV encoded (DE 55 as the host sent it may carry them). */
      readonly scripts?: Uint8Array;
    }
  | { readonly kind: 'unable-to-go-online' };

/** The kernel's callbacks into the terminal. */
export interface KernelInterface {
  /** Let the cardholder choose among several applications: an index into `candidates`, or `'cancel'`. */
  selectApplication(candidates: readonly ApplicationCandidate[]): Promise<number | 'cancel'>;
  /** Ask the cardholder to confirm the one application that requires it (default: confirmed). */
  confirmApplication?(candidate: ApplicationCandidate): Promise<boolean>;
  onlinePin(request: OnlinePinRequest): Promise<OnlinePinAnswer>;
  offlinePin(request: OfflinePinRequest): Promise<OfflinePinAnswer>;
  display(message: KernelMessage): void | Promise<void>;
  online(request: OnlineRequest): Promise<OnlineResponse>;
}

/** The transaction the terminal asks the kernel to run. */
export interface KernelTransaction {
  /** Amount, authorised (9F02, 81), minor units. */
  readonly amount: bigint;
  /** Amount, other (9F03): cashback. */
  readonly amountOther?: bigint;
  /** Transaction type (9C), 2 digits: `'00'` goods and services (default), `'01'` cash, `'09'` cashback, `'20'` refund. */
  readonly type?: string;
  /** Transaction date (9A), YYYY-MM-DD, terminal local. */
  readonly date: string;
  /** Transaction time (9F21), HH:MM:SS (default 00:00:00). */
  readonly time?: string;
  /** Transaction sequence counter (9F41). */
  readonly sequenceCounter?: number;
  /** The merchant forces the transaction online (TVR byte 4 bit 4). */
  readonly forceOnline?: boolean;
  /** Unpredictable number (9F37), 4 bytes; drawn from the random source when absent. */
  readonly unpredictableNumber?: Uint8Array;
}

/** Where the transaction was when it ended, named after the Book 3 steps. */
export type KernelStep =
  | 'application-selection'
  | 'initiate-application-processing'
  | 'read-application-data'
  | 'offline-data-authentication'
  | 'processing-restrictions'
  | 'cardholder-verification'
  | 'terminal-risk-management'
  | 'terminal-action-analysis'
  | 'card-action-analysis'
  | 'online-processing'
  | 'issuer-script-processing'
  | 'completion'
  | 'entry-point'
  | 'contactless-kernel';

/** Contactless outcome parameters (EMV Book A §6.2; the ones this kernel sets). */
export interface OutcomeParameters {
  readonly outcome: 'approved' | 'declined' | 'online-request' | 'try-another-interface' | 'end-application';
  readonly cvm: 'online-pin' | 'signature' | 'no-cvm' | 'n/a';
  /** Alternate interface preference: the contact chip. */
  readonly alternateInterface?: 'contact';
  readonly receipt: boolean;
}

/** DE 55 contents for the messages that follow the transaction. */
export interface De55Set {
  /** The authorisation request (ARQC data), when the transaction went online. */
  readonly authorisation?: Uint8Array;
  /** The TC upload / batch upload (offline sale advice, 脱机消费上送) of a final TC. */
  readonly advice?: Uint8Array;
  /** The reversal, when the card declined after the host approved. */
  readonly reversal?: Uint8Array;
  /** UnionPay's issuer script result notification, when scripts ran. */
  readonly scriptResults?: Uint8Array;
}

/** Fields of every outcome. */
export interface KernelOutcomeBase {
  readonly interface: CardInterface;
  readonly step: KernelStep;
  /** Terminal verification results (95) and transaction status information (9B) at the end. */
  readonly tvr: Uint8Array;
  readonly tsi: Uint8Array;
  /** CVM results (9F34). */
  readonly cvmResults: Uint8Array;
  /** Every data object, terminal and ICC, by tag (what a receipt or a journal needs). */
  readonly data: ReadonlyMap<string, Uint8Array>;
  readonly de55: De55Set;
  /** Issuer script results (9F5B; DF31 for UnionPay), 5 bytes per script. */
  readonly issuerScriptResults?: Uint8Array;
  readonly aid?: string;
  readonly applicationLabel?: string;
  readonly preferredName?: string;
  readonly pan?: string;
  readonly panSequenceNumber?: string;
  readonly expiry?: string;
  readonly track2?: Uint8Array;
  readonly cardholderName?: string;
  readonly onlinePinEntered: boolean;
  readonly signatureRequired: boolean;
  /** The terminal must reverse the host's approval (reason 96 in UnionPay terms). */
  readonly reversalRequired: boolean;
  /** Authorisation response code (8A) as two characters. */
  readonly authorisationResponseCode?: string;
  readonly contactless?: OutcomeParameters;
}

/** Fields of the outcomes that end with a cryptogram. */
export interface CryptogramOutcomeBase extends KernelOutcomeBase {
  /** Cryptogram information data (9F27) of the final cryptogram. */
  readonly cid: Uint8Array;
  /** The final application cryptogram (9F26): TC, AAC, or the ARQC of a contactless online transaction. */
  readonly cryptogram: Uint8Array;
}

/** Fields of the outcomes that end without a decision. */
export interface InterruptedOutcomeBase extends KernelOutcomeBase {
  /** Why, in words (no card data). */
  readonly reason: string;
  /** The error behind it, when there was one. */
  readonly error?: { readonly code: string; readonly path: string; readonly message: string };
}

/** Approved offline: a TC from the first GENERATE AC (or after an unreachable host). */
export interface ApprovedOfflineOutcome extends CryptogramOutcomeBase {
  readonly kind: 'approved-offline';
}
/** Declined offline: an AAC without a host decision. */
export interface DeclinedOfflineOutcome extends CryptogramOutcomeBase {
  readonly kind: 'declined-offline';
}
/** Approved by the host, and (contact) by the card in the second GENERATE AC. */
export interface ApprovedOnlineOutcome extends CryptogramOutcomeBase {
  readonly kind: 'approved-online';
}
/** Declined by the host. */
export interface DeclinedOnlineOutcome extends CryptogramOutcomeBase {
  readonly kind: 'declined-online';
}
/** The host approved but the card answered the second GENERATE AC with an AAC: reverse. */
export interface CardDeclinedAfterOnlineApprovalOutcome extends CryptogramOutcomeBase {
  readonly kind: 'card-declined-after-online-approval';
}
/** Contactless: use another interface (contact chip). */
export interface TryAnotherInterfaceOutcome extends InterruptedOutcomeBase {
  readonly kind: 'try-another-interface';
}
/** The chip could not be read: the terminal may fall back to the magnetic stripe. */
export interface FallbackOutcome extends InterruptedOutcomeBase {
  readonly kind: 'fallback';
}
/** The card left the reader. */
export interface CardRemovedOutcome extends InterruptedOutcomeBase {
  readonly kind: 'card-removed';
}
/** The cardholder or the terminal cancelled. */
export interface CancelledOutcome extends InterruptedOutcomeBase {
  readonly kind: 'cancelled';
}
/** The transaction was terminated (Book 3 "terminate the transaction"): a card error. */
export interface TerminatedOutcome extends InterruptedOutcomeBase {
  readonly kind: 'terminated';
}

/** How a kernel transaction ended. */
export type KernelOutcome =
  | ApprovedOfflineOutcome
  | DeclinedOfflineOutcome
  | ApprovedOnlineOutcome
  | DeclinedOnlineOutcome
  | CardDeclinedAfterOnlineApprovalOutcome
  | TryAnotherInterfaceOutcome
  | FallbackOutcome
  | CardRemovedOutcome
  | CancelledOutcome
  | TerminatedOutcome;

/** The `kind` of an outcome. */
export type KernelOutcomeKind = KernelOutcome['kind'];
