/**
 * Issuer Application Data (tag 9F10) layouts the host sees every day:
 * - Visa VSDC formats 0/1/3 (first byte 06, then DKI, CVN, a 4-byte CVR whose first byte is its
 *   length 03: CVN 10 = 0A, 17 = 11, 18 = 12) and formats 2/4 (first byte 1F, 32 bytes, then CVN,
 *   DKI and a 5-byte CVR: CVN 22). The format is the CVN's high nibble.
 * - Mastercard M/Chip 4 and M/Chip Advance (CVN 16 = 10, 17 = 11, 20 = 14, 21 = 15; 18, 20, 26 or
 *   28 bytes): key derivation index, CVN, 6-byte Card Verification Results, DAC/ICC dynamic
 *   number, counters.
 * - UnionPay UICS / PBOC (JR/T 0025): length 07, DKI, CVN, 4-byte CVR (first byte its length 03),
 *   algorithm identifier, then optionally an issuer-discretionary length byte and 1-15 bytes.
 *
 * Sources (the scheme specifications themselves are not public; these public summaries agree):
 * - Visa: VIS 1.5 Appendix A CVR table as reproduced by public decoders (npm `@kawkab-oss/node-tlv`
 *   decoder/IssuerApplicationData), and openemv `emv-utils` `emv_fields.h` (which cites the Visa
 *   Contactless Payment Specification Supplemental Requirements 2.2, Appendix M, for the IAD
 *   formats and byte-1 values, and marks the CVR bit tables as taken from unverified public
 *   sources). The format 2/4 CVR below comes only from that header: treat it as unverified.
 * - Mastercard: `emv-utils` `emv_fields.h` (citing M/Chip Requirements for Contact and
 *   Contactless, 2022, Appendix B), `@kawkab-oss/node-tlv` and the CVR tables of public M/Chip
 *   personalisation decoders; they agree bit for bit, including the M/Chip Advance additions
 *   (byte 1 bit 4, byte 2 bit 3, byte 6 bits 8-3).
 * - UnionPay: the JR/T 0025 9F10 layout as published in Chinese POS-developer notes ("长度(07)
 *   分散密钥索引 密文版本号 卡片验证结果(CVR)(4字节) 算法标识(1字节)"). No public source was found
 *   for the UnionPay CVR bits or the algorithm identifier values: the CVR is decoded with the Visa
 *   table (PBOC 2.0 took its CVR from VIS; real UnionPay traces decode sensibly with it) and the
 *   algorithm identifier is reported as a number.
 */
import { concatBytes, fail, toHex } from '../../core/index';
import { defineBitField } from './bit-field';

/** AC type as a CVR records it (first and second GENERATE AC, bits 8-7 and 6-5). */
export type CvrCryptogram = 'AAC' | 'TC' | 'ARQC' | 'not-requested' | 'RFU';

/**
 * Visa Card Verification Results flags of IAD formats 0/1/3 (VIS 1.5 Appendix A; bytes 2-4 of the
 * 4-byte CVR, byte 1 being its length 03). UnionPay's CVR uses the same table.
 *
 * @example
 * ```ts
 * VisaCvr.setFlags(hex('000001')); // ['pinVerificationCommandNotReceived']
 * ```
 */
export const VisaCvr = defineBitField('9F10', 'Visa Card Verification Results', 3, {
  issuerAuthenticationFailed: [1, 4, 'Issuer Authentication performed and failed'],
  offlinePinPerformed: [1, 3, 'Offline PIN verification performed'],
  offlinePinFailed: [1, 2, 'Offline PIN verification failed'],
  unableToGoOnline: [1, 1, 'Unable to go online'],
  lastOnlineTransactionNotCompleted: [2, 8, 'Last online transaction not completed'],
  pinTryLimitExceeded: [2, 7, 'PIN Try Limit exceeded'],
  velocityCountersExceeded: [2, 6, 'Exceeded velocity checking counters'],
  newCard: [2, 5, 'New card'],
  issuerAuthenticationFailedOnLastOnline: [2, 4, 'Issuer Authentication failure on last online transaction'],
  issuerAuthenticationNotPerformedAfterOnline: [2, 3, 'Issuer Authentication not performed after online authorization'],
  applicationBlockedPinTryLimit: [2, 2, 'Application blocked by card because PIN Try Limit exceeded'],
  sdaFailedOnLastTransaction: [2, 1, 'Offline static data authentication failed on last transaction and transaction declined offline'],
  issuerScriptFailed: [3, 4, 'Issuer script processing failed'],
  ddaFailedOnLastTransaction: [3, 3, 'Offline dynamic data authentication failed on last transaction and transaction declined offline'],
  ddaPerformed: [3, 2, 'Offline dynamic data authentication performed'],
  pinVerificationCommandNotReceived: [3, 1, 'PIN verification command not received for a PIN-Expecting card'],
});

/**
 * Mastercard M/Chip Card Verification Results flags (6 bytes; byte 1 bits 8-5 are the AC types,
 * byte 3 the script and PIN try counter nibbles). Flags marked "M/Chip Advance" are RFU (zero) on
 * M/Chip 4 cards; byte 5's limits are "Counter 1" / "Accumulator 1" in M/Chip Advance terms.
 *
 * @example
 * ```ts
 * MastercardCvr.setFlags(hex('080400000000')); // ['dateCheckFailed', 'offlineChangePinSuccessful']
 * ```
 */
export const MastercardCvr = defineBitField('9F10', 'M/Chip Card Verification Results', 6, {
  dateCheckFailed: [1, 4, 'Date check failed (M/Chip Advance)'],
  offlinePinPerformed: [1, 3, 'Offline PIN verification performed'],
  offlineEncipheredPinPerformed: [1, 2, 'Offline encrypted PIN verification performed'],
  offlinePinSuccessful: [1, 1, 'Offline PIN verification successful'],
  ddaReturned: [2, 8, 'DDA returned'],
  cdaInFirstGenerateAc: [2, 7, 'Combined DDA/AC generation returned in first GENERATE AC'],
  cdaInSecondGenerateAc: [2, 6, 'Combined DDA/AC generation returned in second GENERATE AC'],
  issuerAuthenticationPerformed: [2, 5, 'Issuer authentication performed'],
  ciacDefaultSkippedOnCat3: [2, 4, 'CIAC-Default skipped on CAT3'],
  offlineChangePinSuccessful: [2, 3, 'Offline change PIN result successful (M/Chip Advance)'],
  lastOnlineTransactionNotCompleted: [4, 8, 'Last online transaction not completed'],
  unableToGoOnline: [4, 7, 'Unable to go online'],
  offlinePinNotPerformed: [4, 6, 'Offline PIN verification not performed'],
  offlinePinFailed: [4, 5, 'Offline PIN verification failed'],
  pinTryLimitExceeded: [4, 4, 'PTL exceeded'],
  internationalTransaction: [4, 3, 'International transaction'],
  domesticTransaction: [4, 2, 'Domestic transaction'],
  terminalErroneouslyConsidersOfflinePinOk: [4, 1, 'Terminal erroneously considers offline PIN OK'],
  lowerConsecutiveOfflineLimitExceeded: [5, 8, 'Lower consecutive offline limit (counter 1) exceeded'],
  upperConsecutiveOfflineLimitExceeded: [5, 7, 'Upper consecutive offline limit (counter 1) exceeded'],
  lowerCumulativeOfflineLimitExceeded: [5, 6, 'Lower cumulative offline limit (accumulator 1) exceeded'],
  upperCumulativeOfflineLimitExceeded: [5, 5, 'Upper cumulative offline limit (accumulator 1) exceeded'],
  goOnlineOnNextTransaction: [5, 4, 'Go online on next transaction was set'],
  issuerAuthenticationFailed: [5, 3, 'Issuer authentication failed'],
  scriptReceived: [5, 2, 'Script received'],
  scriptFailed: [5, 1, 'Script failed'],
  lowerConsecutiveCounter2LimitExceeded: [6, 8, 'Lower consecutive counter 2 limit exceeded (M/Chip Advance)'],
  upperConsecutiveCounter2LimitExceeded: [6, 7, 'Upper consecutive counter 2 limit exceeded (M/Chip Advance)'],
  lowerCumulativeAccumulator2LimitExceeded: [6, 6, 'Lower cumulative accumulator 2 limit exceeded (M/Chip Advance)'],
  upperCumulativeAccumulator2LimitExceeded: [6, 5, 'Upper cumulative accumulator 2 limit exceeded (M/Chip Advance)'],
  mtaLimitExceeded: [6, 4, 'MTA limit exceeded (M/Chip Advance)'],
  numberOfDaysOfflineLimitExceeded: [6, 3, 'Number of days offline limit exceeded (M/Chip Advance)'],
  matchFoundInAdditionalCheckTable: [6, 2, 'Match found in additional check table'],
  noMatchFoundInAdditionalCheckTable: [6, 1, 'No match found in additional check table'],
});

/**
 * Visa IAD format 2/4 Card Verification Results flags (5 bytes, no length byte). Byte 1 holds the
 * CDCVM verifying entity (bits 8-5) and type (bits 4-1); byte 2 bits 8-5 the AC types; bytes 2-4
 * otherwise follow the format 0/1/3 CVR bit for bit, except that byte 2 bit 3 reports a
 * successful CDCVM and bit 2 is RFU. UNVERIFIED: only one public source (openemv `emv-utils`,
 * itself quoting unverified material) describes this table; decode for display, do not base
 * authorisation decisions on it.
 *
 * @example
 * ```ts
 * VisaFormat2Cvr.setFlags(hex('0004000003')); // ['cdcvmPerformed', 'cdcvmSuccessfullyPerformed', 'secureMessagingUsesEmvSessionKeys']
 * ```
 */
export const VisaFormat2Cvr = defineBitField('9F10', 'Visa format 2 Card Verification Results', 5, {
  issuerAuthenticationFailed: [2, 4, 'Issuer Authentication performed and failed'],
  cdcvmPerformed: [2, 3, 'CDCVM successfully performed'],
  unableToGoOnline: [2, 1, 'Unable to go online'],
  lastOnlineTransactionNotCompleted: [3, 8, 'Last online transaction not completed'],
  pinTryLimitExceeded: [3, 7, 'PIN Try Limit exceeded'],
  velocityCountersExceeded: [3, 6, 'Exceeded velocity checking counters'],
  newCard: [3, 5, 'New card'],
  issuerAuthenticationFailedOnLastOnline: [3, 4, 'Issuer Authentication failure on last online transaction'],
  issuerAuthenticationNotPerformedAfterOnline: [3, 3, 'Issuer Authentication not performed after online authorization'],
  applicationBlockedPinTryLimit: [3, 2, 'Application blocked by card because PIN Try Limit exceeded'],
  sdaFailedOnLastTransaction: [3, 1, 'Offline static data authentication failed on last transaction'],
  issuerScriptFailed: [4, 4, 'Issuer script processing failed'],
  ddaFailedOnLastTransaction: [4, 3, 'Offline dynamic data authentication failed on last transaction'],
  ddaPerformed: [4, 2, 'Offline dynamic data authentication performed'],
  pinVerificationCommandNotReceived: [4, 1, 'PIN verification command not received for a PIN-Expecting card'],
  consumerDeviceNotInDebugMode: [5, 8, 'Consumer device is not in debug mode'],
  consumerDeviceNotRooted: [5, 7, 'Consumer device is not a rooted device'],
  mobileApplicationNotHooked: [5, 6, 'Mobile application is not hooked'],
  mobileApplicationIntegrityIntact: [5, 5, 'Mobile application integrity is intact'],
  consumerDeviceHasConnectivity: [5, 4, 'Consumer device has data connectivity'],
  consumerDeviceGenuine: [5, 3, 'Consumer device is genuine'],
  cdcvmSuccessfullyPerformed: [5, 2, 'CDCVM successfully performed'],
  secureMessagingUsesEmvSessionKeys: [5, 1, 'Secure messaging uses EMV session key-based derivation'],
});

/** Visa format 2/4 CVR decoded (unverified layout, see {@link VisaFormat2Cvr}). */
export interface VisaFormat2CvrValue {
  /** Byte 1 bits 8-5: who verified the CDCVM (0 = no CDCVM). */
  readonly cdcvmEntity: number;
  /** Byte 1 bits 4-1: the CDCVM type (0 = none, 1 passcode, 2 fingerprint, ..., D signature, E online PIN). */
  readonly cdcvmType: number;
  readonly secondGenerateAc: CvrCryptogram;
  readonly firstGenerateAc: CvrCryptogram;
  readonly flags: ReturnType<typeof VisaFormat2Cvr.decode>;
  /** Byte 4 bits 8-5: issuer script commands processed on the last transaction. */
  readonly issuerScriptCommandsProcessed: number;
}

/**
 * Decode the 5-byte CVR of a Visa format 2/4 IAD (bytes 4-8 of a `1F…` 9F10). The layout is
 * unverified: see {@link VisaFormat2Cvr}.
 *
 * @example
 * ```ts
 * const cvr = decodeVisaFormat2Cvr(hex('00A0000000'));
 * cvr.firstGenerateAc;  // 'ARQC'
 * cvr.secondGenerateAc; // 'not-requested'
 * ```
 */
export function decodeVisaFormat2Cvr(cvr: Uint8Array, options: { readonly path?: string } = {}): VisaFormat2CvrValue {
  const flags = VisaFormat2Cvr.decode(cvr, { path: options.path ?? '9F10.CVR' });
  const b = cvr[1]!;
  return {
    cdcvmEntity: cvr[0]! >> 4,
    cdcvmType: cvr[0]! & 15,
    secondGenerateAc: SECOND_AC[b >> 6]!,
    firstGenerateAc: FIRST_AC[(b >> 4) & 3]!,
    flags,
    issuerScriptCommandsProcessed: cvr[3]! >> 4,
  };
}

/** Visa / UnionPay CVR (4 bytes, first byte its length 03) decoded. */
export interface VisaCvrValue {
  readonly secondGenerateAc: CvrCryptogram;
  readonly firstGenerateAc: CvrCryptogram;
  readonly flags: ReturnType<typeof VisaCvr.decode>;
  /** Bits 8-5 of the last byte: issuer script commands processed on the last transaction. */
  readonly issuerScriptCommandsProcessed: number;
}

/** M/Chip CVR (6 bytes) decoded. */
export interface MastercardCvrValue {
  readonly secondGenerateAc: CvrCryptogram;
  readonly firstGenerateAc: CvrCryptogram;
  readonly flags: ReturnType<typeof MastercardCvr.decode>;
  /** Byte 3 bits 8-5: right nibble of the script counter. */
  readonly scriptCounter: number;
  /** Byte 3 bits 4-1: right nibble of the PIN try counter. */
  readonly pinTryCounter: number;
}

/** A decoded Issuer Application Data, by layout. */
export type IssuerApplicationData =
  | {
      readonly layout: 'visa-format-0-1-3';
      /** The CVN byte, e.g. 0x0A for "CVN 10", 0x12 for "CVN 18". */
      readonly cryptogramVersionNumber: number;
      readonly derivationKeyIndex: number;
      readonly cardVerificationResults: VisaCvrValue;
      readonly issuerDiscretionaryData: Uint8Array;
    }
  | {
      readonly layout: 'visa-format-2';
      readonly cryptogramVersionNumber: number;
      readonly derivationKeyIndex: number;
      /** The 5-byte format 2 CVR, undecoded. */
      readonly cardVerificationResults: Uint8Array;
      readonly issuerDiscretionaryData: Uint8Array;
    }
  | {
      readonly layout: 'mastercard-mchip';
      readonly keyDerivationIndex: number;
      /** 0x10 = CVN 16, 0x11 = CVN 17, 0x14 = CVN 20, 0x15 = CVN 21. */
      readonly cryptogramVersionNumber: number;
      readonly cardVerificationResults: MastercardCvrValue;
      /** Bytes 9-10: Data Authentication Code or ICC Dynamic Number. */
      readonly dacOrIdn: Uint8Array;
      /** Bytes 11-: counters (plaintext or enciphered) and any further issuer data. */
      readonly counters: Uint8Array;
    }
  | {
      readonly layout: 'unionpay';
      readonly derivationKeyIndex: number;
      readonly cryptogramVersionNumber: number;
      readonly cardVerificationResults: VisaCvrValue;
      /** The algorithm identifier byte (01 on the 3DES cards of the traces; SM4 cards use another value, unverified). */
      readonly algorithmIdentifier: number;
      readonly issuerDiscretionaryData: Uint8Array;
    }
  | { readonly layout: 'unknown'; readonly bytes: Uint8Array };

/** Layout names accepted by {@link decodeIssuerApplicationData}'s `layout` option. */
export type IssuerApplicationDataLayout = IssuerApplicationData['layout'];

// Bits 6-5 (first GENERATE AC) and 8-7 (second): 11 is RFU in every source (it meant AAR,
// a referral, before EMV 4.1 and VIS 1.5 dropped referrals).
const FIRST_AC: readonly CvrCryptogram[] = ['AAC', 'TC', 'ARQC', 'RFU'];
const SECOND_AC: readonly CvrCryptogram[] = ['AAC', 'TC', 'not-requested', 'RFU'];

function visaCvr(cvr: Uint8Array, path: string): VisaCvrValue {
  const b = cvr[0]!;
  return {
    secondGenerateAc: SECOND_AC[b >> 6]!,
    firstGenerateAc: FIRST_AC[(b >> 4) & 3]!,
    flags: VisaCvr.decode(cvr, { path }),
    issuerScriptCommandsProcessed: cvr[2]! >> 4,
  };
}

function mastercardCvr(cvr: Uint8Array, path: string): MastercardCvrValue {
  const b = cvr[0]!;
  return {
    secondGenerateAc: SECOND_AC[b >> 6]!,
    firstGenerateAc: FIRST_AC[(b >> 4) & 3]!,
    flags: MastercardCvr.decode(cvr, { path }),
    scriptCounter: cvr[2]! >> 4,
    pinTryCounter: cvr[2]! & 15,
  };
}

const MCHIP_CVNS = new Set([0x10, 0x11, 0x14, 0x15]);

/** Guess the layout from the bytes (first byte and length), as a host does without the scheme. */
function detect(v: Uint8Array): IssuerApplicationDataLayout {
  if (v.length >= 7 && v[0] === 0x06 && v[3] === 0x03) return 'visa-format-0-1-3';
  if (v.length === 32 && v[0] === 0x1f) return 'visa-format-2';
  if (v.length >= 8 && v[0] === 0x07 && v[3] === 0x03) return 'unionpay';
  if (v.length >= 18 && MCHIP_CVNS.has(v[1]!)) return 'mastercard-mchip';
  return 'unknown';
}

/**
 * Decode Issuer Application Data (9F10). Without `layout`, the layout is recognised from the
 * bytes (Visa 06.. / 1F.., UnionPay 07.., M/Chip by its CVN); an unrecognised value is returned
 * as `{ layout: 'unknown' }`, never guessed.
 *
 * @example
 * ```ts
 * const iad = decodeIssuerApplicationData(hex('06010A03A4B800'));
 * iad.layout;                     // 'visa-format-0-1-3'
 * iad.cryptogramVersionNumber;    // 0x0A (CVN 10)
 * iad.cardVerificationResults.firstGenerateAc; // 'ARQC'
 * ```
 */
export function decodeIssuerApplicationData(
  value: Uint8Array,
  options: { readonly layout?: IssuerApplicationDataLayout; readonly path?: string } = {},
): IssuerApplicationData {
  const path = options.path ?? '9F10';
  const layout = options.layout ?? detect(value);
  const need = (n: number): void => {
    if (value.length < n) fail('EMV_VALUE_LENGTH', `${layout} Issuer Application Data needs at least ${n} bytes, got ${value.length}`, { path, offset: 0 });
  };
  switch (layout) {
    case 'visa-format-0-1-3': {
      need(7);
      if (value[3] !== 0x03) fail('EMV_VALUE_INVALID', 'Visa CVR length byte must be 03', { path: `${path}.CVR`, offset: 3 });
      const idd = value.subarray(7);
      return {
        layout,
        derivationKeyIndex: value[1]!,
        cryptogramVersionNumber: value[2]!,
        cardVerificationResults: visaCvr(value.subarray(4, 7), `${path}.CVR`),
        issuerDiscretionaryData: idd,
      };
    }
    case 'visa-format-2':
      need(8);
      return {
        layout,
        cryptogramVersionNumber: value[1]!,
        derivationKeyIndex: value[2]!,
        cardVerificationResults: value.subarray(3, 8),
        issuerDiscretionaryData: value.subarray(8),
      };
    case 'mastercard-mchip':
      need(10);
      return {
        layout,
        keyDerivationIndex: value[0]!,
        cryptogramVersionNumber: value[1]!,
        cardVerificationResults: mastercardCvr(value.subarray(2, 8), `${path}.CVR`),
        dacOrIdn: value.subarray(8, 10),
        counters: value.subarray(10),
      };
    case 'unionpay':
      need(8);
      if (value[3] !== 0x03) fail('EMV_VALUE_INVALID', 'UnionPay CVR length byte must be 03', { path: `${path}.CVR`, offset: 3 });
      return {
        layout,
        derivationKeyIndex: value[1]!,
        cryptogramVersionNumber: value[2]!,
        cardVerificationResults: visaCvr(value.subarray(4, 7), `${path}.CVR`),
        algorithmIdentifier: value[7]!,
        issuerDiscretionaryData: value.subarray(8),
      };
    case 'unknown':
      return { layout, bytes: value };
    default: {
      const never: never = layout;
      return fail('INVALID_ARGUMENT', `unknown IAD layout ${String(never)}`, { path });
    }
  }
}

/**
 * One line per decoded part of an IAD, for describe and the CLI.
 *
 * @example
 * ```ts
 * explainIssuerApplicationData(decodeIssuerApplicationData(hex('06010A03A4B800')))[0]; // 'Visa IAD format 0/1/3, CVN 0A, DKI 01'
 * ```
 */
export function explainIssuerApplicationData(iad: IssuerApplicationData): string[] {
  const hex2 = (n: number): string => toHex(Uint8Array.of(n));
  const flags = (f: Readonly<Record<string, boolean>>, labels: ReadonlyArray<{ key: string; label: string }>): string[] =>
    labels.filter((l) => f[l.key]).map((l) => `  ${l.label}`);
  switch (iad.layout) {
    case 'visa-format-0-1-3':
    case 'unionpay': {
      const cvr = iad.cardVerificationResults;
      const head =
        iad.layout === 'unionpay'
          ? `UnionPay IAD, CVN ${hex2(iad.cryptogramVersionNumber)}, DKI ${hex2(iad.derivationKeyIndex)}, algorithm ${hex2(iad.algorithmIdentifier)}`
          : `Visa IAD format 0/1/3, CVN ${hex2(iad.cryptogramVersionNumber)}, DKI ${hex2(iad.derivationKeyIndex)}`;
      return [
        head,
        `CVR: first GENERATE AC ${cvr.firstGenerateAc}, second GENERATE AC ${cvr.secondGenerateAc}, ${cvr.issuerScriptCommandsProcessed} script command(s)`,
        ...flags(cvr.flags, VisaCvr.flags),
        ...(iad.issuerDiscretionaryData.length > 0 ? [`Issuer discretionary data: ${toHex(iad.issuerDiscretionaryData)}`] : []),
      ];
    }
    case 'visa-format-2': {
      const cvr = decodeVisaFormat2Cvr(iad.cardVerificationResults);
      return [
        `Visa IAD format 2, CVN ${hex2(iad.cryptogramVersionNumber)}, DKI ${hex2(iad.derivationKeyIndex)}`,
        `CVR ${toHex(iad.cardVerificationResults)} (layout unverified): first GENERATE AC ${cvr.firstGenerateAc}, second GENERATE AC ${cvr.secondGenerateAc}, ` +
          `CDCVM entity ${cvr.cdcvmEntity} type ${cvr.cdcvmType}, ${cvr.issuerScriptCommandsProcessed} script command(s)`,
        ...flags(cvr.flags, VisaFormat2Cvr.flags),
        `Issuer discretionary data: ${toHex(iad.issuerDiscretionaryData)}`,
      ];
    }
    case 'mastercard-mchip': {
      const cvr = iad.cardVerificationResults;
      return [
        `M/Chip IAD, CVN ${hex2(iad.cryptogramVersionNumber)}, KDI ${hex2(iad.keyDerivationIndex)}`,
        `CVR: first GENERATE AC ${cvr.firstGenerateAc}, second GENERATE AC ${cvr.secondGenerateAc}, script counter ${cvr.scriptCounter}, PIN try counter ${cvr.pinTryCounter}`,
        ...flags(cvr.flags, MastercardCvr.flags),
        `DAC/IDN: ${toHex(iad.dacOrIdn)}`,
        ...(iad.counters.length > 0 ? [`Counters: ${toHex(iad.counters)}`] : []),
      ];
    }
    case 'unknown':
      return ['Issuer Application Data in an unrecognised layout'];
    default: {
      const never: never = iad;
      return [String(never)];
    }
  }
}

/** Names of the Visa CVR flags. */
export type VisaCvrFlag = (typeof VisaCvr.flags)[number]['key'];
/** Names of the M/Chip CVR flags. */
export type MastercardCvrFlag = (typeof MastercardCvr.flags)[number]['key'];

/** A Visa / UnionPay CVR to encode: flags not given are clear. */
export interface VisaCvrInput {
  readonly firstGenerateAc: CvrCryptogram;
  readonly secondGenerateAc: CvrCryptogram;
  readonly flags?: Partial<Record<VisaCvrFlag, boolean>>;
  readonly issuerScriptCommandsProcessed?: number;
}

/** An M/Chip CVR to encode: flags not given are clear. */
export interface MastercardCvrInput {
  readonly firstGenerateAc: CvrCryptogram;
  readonly secondGenerateAc: CvrCryptogram;
  readonly flags?: Partial<Record<MastercardCvrFlag, boolean>>;
  readonly scriptCounter?: number;
  readonly pinTryCounter?: number;
}

/** Input to {@link encodeIssuerApplicationData}: the decoded shape, with optional flags and data. */
export type IssuerApplicationDataInput =
  | {
      readonly layout: 'visa-format-0-1-3';
      readonly cryptogramVersionNumber: number;
      readonly derivationKeyIndex: number;
      readonly cardVerificationResults: VisaCvrInput;
      readonly issuerDiscretionaryData?: Uint8Array;
    }
  | {
      readonly layout: 'visa-format-2';
      readonly cryptogramVersionNumber: number;
      readonly derivationKeyIndex: number;
      readonly cardVerificationResults: Uint8Array;
      readonly issuerDiscretionaryData?: Uint8Array;
    }
  | {
      readonly layout: 'mastercard-mchip';
      readonly keyDerivationIndex: number;
      readonly cryptogramVersionNumber: number;
      readonly cardVerificationResults: MastercardCvrInput;
      readonly dacOrIdn?: Uint8Array;
      readonly counters?: Uint8Array;
    }
  | {
      readonly layout: 'unionpay';
      readonly derivationKeyIndex: number;
      readonly cryptogramVersionNumber: number;
      readonly cardVerificationResults: VisaCvrInput;
      readonly algorithmIdentifier: number;
      readonly issuerDiscretionaryData?: Uint8Array;
    }
  | { readonly layout: 'unknown'; readonly bytes: Uint8Array };

function acCode(table: readonly CvrCryptogram[], v: CvrCryptogram, what: string): number {
  // 'RFU' encodes as 11 so that a decoded value re-encodes unchanged.
  const k = table.indexOf(v);
  if (k < 0) fail('INVALID_ARGUMENT', `${what} cannot be ${v}`, { path: '9F10.CVR' });
  return k;
}

function nibble(n: number | undefined, what: string): number {
  const v = n ?? 0;
  if (!Number.isInteger(v) || v < 0 || v > 15) fail('INVALID_ARGUMENT', `${what} must be 0-15`, { path: '9F10.CVR' });
  return v;
}

function byteArg(n: number, what: string): number {
  if (!Number.isInteger(n) || n < 0 || n > 255) fail('INVALID_ARGUMENT', `${what} must be a byte`, { path: '9F10' });
  return n;
}

function visaCvrBytes(cvr: VisaCvrInput): Uint8Array {
  const out = VisaCvr.encode(cvr.flags ?? {});
  out[0]! |= (acCode(SECOND_AC, cvr.secondGenerateAc, 'second GENERATE AC') << 6) | (acCode(FIRST_AC, cvr.firstGenerateAc, 'first GENERATE AC') << 4);
  out[2]! |= nibble(cvr.issuerScriptCommandsProcessed, 'issuer script command count') << 4;
  return out;
}

/**
 * Encode Issuer Application Data (9F10) in one of the layouts {@link decodeIssuerApplicationData}
 * reads, for a virtual card or a host simulator.
 *
 * @example
 * ```ts
 * toHex(encodeIssuerApplicationData({
 *   layout: 'visa-format-0-1-3', derivationKeyIndex: 1, cryptogramVersionNumber: 0x0a,
 *   cardVerificationResults: { firstGenerateAc: 'ARQC', secondGenerateAc: 'not-requested', flags: { offlinePinPerformed: true } },
 * })); // '06010A03A40000'
 * ```
 */
export function encodeIssuerApplicationData(iad: IssuerApplicationDataInput): Uint8Array {
  const none = new Uint8Array(0);
  switch (iad.layout) {
    case 'visa-format-0-1-3':
      return concatBytes(
        Uint8Array.of(0x06, byteArg(iad.derivationKeyIndex, 'DKI'), byteArg(iad.cryptogramVersionNumber, 'CVN'), 0x03),
        visaCvrBytes(iad.cardVerificationResults),
        iad.issuerDiscretionaryData ?? none,
      );
    case 'visa-format-2':
      if (iad.cardVerificationResults.length !== 5) fail('INVALID_ARGUMENT', 'a format 2 CVR is 5 bytes', { path: '9F10.CVR' });
      return concatBytes(
        Uint8Array.of(0x1f, byteArg(iad.cryptogramVersionNumber, 'CVN'), byteArg(iad.derivationKeyIndex, 'DKI')),
        iad.cardVerificationResults,
        iad.issuerDiscretionaryData ?? none,
      );
    case 'mastercard-mchip': {
      const c = iad.cardVerificationResults;
      const cvr = MastercardCvr.encode(c.flags ?? {});
      cvr[0]! |= (acCode(SECOND_AC, c.secondGenerateAc, 'second GENERATE AC') << 6) | (acCode(FIRST_AC, c.firstGenerateAc, 'first GENERATE AC') << 4);
      cvr[2] = (nibble(c.scriptCounter, 'script counter') << 4) | nibble(c.pinTryCounter, 'PIN try counter');
      const dac = iad.dacOrIdn ?? new Uint8Array(2);
      if (dac.length !== 2) fail('INVALID_ARGUMENT', 'DAC/IDN is 2 bytes', { path: '9F10' });
      return concatBytes(Uint8Array.of(byteArg(iad.keyDerivationIndex, 'KDI'), byteArg(iad.cryptogramVersionNumber, 'CVN')), cvr, dac, iad.counters ?? none);
    }
    case 'unionpay':
      return concatBytes(
        Uint8Array.of(0x07, byteArg(iad.derivationKeyIndex, 'DKI'), byteArg(iad.cryptogramVersionNumber, 'CVN'), 0x03),
        visaCvrBytes(iad.cardVerificationResults),
        Uint8Array.of(byteArg(iad.algorithmIdentifier, 'algorithm identifier')),
        iad.issuerDiscretionaryData ?? none,
      );
    case 'unknown':
      return iad.bytes.slice();
    default: {
      const never: never = iad;
      return fail('INVALID_ARGUMENT', `unknown IAD layout ${String(never)}`, { path: '9F10' });
    }
  }
}
