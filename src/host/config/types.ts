/**
 * The host simulator's configuration: the JSON file's shape (`HostConfigJson`, what users write)
 * and the validated form the host runs on (`HostConfig`: money as bigint minor units, keys as
 * bytes, patterns compiled). docs/host.md is the reference for every member.
 */
import type { Currency } from '../../core/index';
import type { CryptogramVersion } from '../../crypto/index';

/**
 * A key in the file: clear hex (test only), or enciphered ECB under the local master key given by
 * the `CARDWIRE_HOST_LMK` environment variable, with its check value.
 */
export type KeyJson = string | { readonly lmk: string; readonly kcv: string };

/** UnionPay sign-on key scheme (60.3): 001 single-length, 003 double-length, 004 with a track data key. */
export type KeyScheme = '001' | '003' | '004';

/** A terminal the host knows. */
export interface TerminalJson {
  /** DE 41, 8 characters. */
  readonly tid: string;
  /** DE 42, 15 characters. */
  readonly mid: string;
  readonly merchantName: string;
  /** Terminal master key (double-length TDES; single DES for scheme 001). */
  readonly tmk: KeyJson;
  /** Key scheme the terminal signs on with (default 003). */
  readonly keyScheme?: KeyScheme;
  /** Batch the terminal's first sign-on opens (default 000001). */
  readonly batch?: string;
  /** Scheme 003: send a full double-length MAK instead of 8 key bytes + 8 zero bytes. */
  readonly doubleLengthMak?: boolean;
}

/** Many terminals of one merchant at once (load tests): TIDs `prefix` + a number, padded to 8 characters. */
export interface TerminalRangeJson {
  readonly tidPrefix: string;
  readonly count: number;
  /** The first number (default 1). */
  readonly first?: number;
  readonly mid: string;
  readonly merchantName: string;
  readonly tmk: KeyJson;
  readonly keyScheme?: KeyScheme;
}

/** How a card's PIN is verified. */
export type PinVerificationJson =
  | {
      readonly method: 'ibm3624';
      readonly pvk: KeyJson;
      /** Offset digits (as many as the PIN). */
      readonly offset: string;
      /** Decimalisation table (default 0123456789012345). */
      readonly decimalisationTable?: string;
      /** Where the validation data sit in the PAN (default: the 12 digits before the check digit). */
      readonly validationDataOffset?: number;
      readonly validationDataLength?: number;
    }
  | {
      readonly method: 'visa-pvv';
      readonly pvk: KeyJson;
      readonly pvki: string;
      readonly pvv: string;
    };

/** A card's account: a debit balance or a credit limit, in major units as decimal text. */
export type AccountJson =
  | { readonly kind: 'debit'; readonly balance: string; readonly currency?: string }
  | { readonly kind: 'credit'; readonly limit: string; readonly currency?: string };

/** Card statuses and what the host answers for them. */
export type CardStatus = 'active' | 'lost' | 'stolen' | 'expired' | 'blocked';

/** EMV issuer data of a chip card. */
export interface EmvJson {
  /** Cryptogram version of the card's ARQC (the crypto layer's names). */
  readonly cvn: CryptogramVersion;
  /** Issuer master key for application cryptograms (double-length TDES). */
  readonly imkAc: KeyJson;
  /** Issuer master keys for secure messaging (integrity, confidentiality), for issuer scripts. */
  readonly imkSmi?: KeyJson;
  readonly imkSmc?: KeyJson;
  /** PAN sequence number (5F34), two digits (default 00). */
  readonly panSequenceNumber?: string;
  /** Issuer script templates (hex of a whole 71 / 72 template) sent with approvals. */
  readonly scripts?: { readonly before?: string; readonly after?: string };
  /** Response code for an ARQC that does not verify (default 05). */
  readonly badCryptogramResponse?: string;
}

/** A card the host is issuer for. */
export interface CardJson {
  readonly pan: string;
  /** YYMM. */
  readonly expiry: string;
  readonly serviceCode: string;
  readonly status?: CardStatus;
  readonly account: AccountJson;
  /** Card organisation answered in 63.1 (default CUP); anything but CUP settles as foreign. */
  readonly organisation?: string;
  /** Online PIN check; without it any PIN block is refused with 55 and none is required. */
  readonly pin?: PinVerificationJson;
  /** Refuse financial requests without a PIN block (default true when `pin` is given). */
  readonly pinRequired?: boolean;
  /** Track 2 CVV check: the CVK and where the 3 digits sit in the discretionary data (default 0). */
  readonly cvv?: { readonly cvk: KeyJson; readonly offset?: number };
  readonly emv?: EmvJson;
  /** Payment codes (付款码, 19 digits) a QR payment draws on this card with. */
  readonly paymentCodes?: readonly string[];
}

/**
 * Many cards of one product at once (load tests): PANs `panPrefix` + a sequence number + the Luhn
 * digit, each with the same account, PIN data and expiry.
 */
export interface CardRangeJson extends Omit<CardJson, 'pan' | 'paymentCodes' | 'emv'> {
  readonly panPrefix: string;
  /** Digits of the sequence number (the PAN is prefix + sequence + check digit). */
  readonly sequenceDigits: number;
  readonly count: number;
}

/** What a rule does to a matching request. */
export type FaultJson =
  | { readonly kind: 'delay'; readonly ms: number }
  | { readonly kind: 'no-answer' }
  | { readonly kind: 'wrong-mac' }
  | { readonly kind: 'garbage' }
  | { readonly kind: 'close' };

/** A response rule: requests matching `when` get `respond` and/or a fault. */
export interface RuleJson {
  readonly name?: string;
  readonly when: {
    /**
     * Amount pattern in major units: digits, `.`, and `*` for any run of digits, `?` for one
     * (`'*.51'` matches 12.51 and 0.51).
     */
    readonly amount?: string;
    readonly pan?: string;
    readonly tid?: string;
    /** Transaction kinds (purchase, balance, void, …); default any financial one. */
    readonly kinds?: readonly string[];
  };
  readonly respond?: string;
  readonly fault?: FaultJson;
}

/** The whole configuration file. */
export interface HostConfigJson {
  /** DE 32 acquiring institution and DE 33 forwarding institution, n..11. */
  readonly institution: { readonly acquirer: string; readonly forwarding?: string; readonly issuer?: string };
  /** Offset of the host's local time from UTC in minutes (default 480, China Standard Time). */
  readonly utcOffsetMinutes?: number;
  readonly terminals: readonly TerminalJson[];
  readonly terminalRanges?: readonly TerminalRangeJson[];
  readonly cards: readonly CardJson[];
  readonly cardRanges?: readonly CardRangeJson[];
  readonly rules?: readonly RuleJson[];
  readonly limits?: {
    /** Wrong PINs before 75 (default 3). */
    readonly pinTries?: number;
    /** A completion may exceed its pre-authorisation by this percentage (default 15). */
    readonly completionTolerancePercent?: number;
  };
}

/** A key ready for the security module. */
export interface HostKey {
  readonly bytes: Uint8Array;
}

/** A validated terminal. */
export interface HostTerminal {
  readonly tid: string;
  readonly mid: string;
  readonly merchantName: string;
  readonly tmk: HostKey;
  readonly keyScheme: KeyScheme;
  readonly batch: string;
  readonly doubleLengthMak: boolean;
}

/** A validated card. */
export interface HostCard {
  readonly pan: string;
  readonly expiry: string;
  readonly serviceCode: string;
  readonly status: CardStatus;
  readonly accountKind: 'debit' | 'credit';
  readonly currency: Currency;
  /** Opening balance (debit) or limit (credit), minor units. */
  readonly opening: bigint;
  readonly organisation: string;
  readonly pin:
    | { readonly method: 'ibm3624'; readonly pvk: HostKey; readonly offset: string; readonly decimalisationTable: string; readonly validationDataOffset?: number; readonly validationDataLength?: number }
    | { readonly method: 'visa-pvv'; readonly pvk: HostKey; readonly pvki: string; readonly pvv: string }
    | undefined;
  readonly pinRequired: boolean;
  readonly cvv: { readonly cvk: HostKey; readonly offset: number } | undefined;
  readonly emv:
    | {
        readonly cvn: CryptogramVersion;
        readonly imkAc: HostKey;
        readonly imkSmi: HostKey | undefined;
        readonly imkSmc: HostKey | undefined;
        readonly panSequenceNumber: string;
        readonly scriptBefore: Uint8Array | undefined;
        readonly scriptAfter: Uint8Array | undefined;
        readonly badCryptogramResponse: string;
      }
    | undefined;
  readonly paymentCodes: readonly string[];
}

/** A validated rule. */
export interface HostRule {
  readonly name: string;
  readonly amount: RegExp | undefined;
  readonly pan: string | undefined;
  readonly tid: string | undefined;
  readonly kinds: ReadonlySet<string> | undefined;
  readonly respond: string | undefined;
  readonly fault: FaultJson | undefined;
}

/** The validated configuration. */
export interface HostConfig {
  readonly acquirer: string;
  readonly forwarding: string | undefined;
  readonly issuer: string;
  readonly utcOffsetMinutes: number;
  readonly terminals: ReadonlyMap<string, HostTerminal>;
  readonly cards: ReadonlyMap<string, HostCard>;
  /** Payment code → PAN. */
  readonly paymentCodes: ReadonlyMap<string, string>;
  readonly rules: readonly HostRule[];
  readonly pinTries: number;
  readonly completionTolerancePercent: number;
}
