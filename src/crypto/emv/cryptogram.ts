/**
 * EMV application cryptograms (ARQC, TC, AAC), authorisation response cryptograms (ARPC) and issuer
 * script MACs, per cryptogram version number (CVN): EMV 4.4 Book 2 §8.1 and Annex A1.2 (MAC
 * algorithm 3 with padding), A1.3 (session keys), §8.2 (ARPC methods 1 and 2), §9.2 (secure
 * messaging), with the data and key choices of Visa VIS (CVN 10, 18, 22) and Mastercard M/Chip
 * (CVN 16, 17, 20, 21).
 *
 * The card (or the virtual card) generates; the issuer host verifies and answers with an ARPC.
 * Both sides start from the ICC master key for AC (derived with {@link deriveIccMasterKey}).
 */
import { concatBytes, constantTimeEqual, fail } from '../../core/index';
import type { CryptoBackend, PreparedCipher } from '../backend';
import { backendOf, type CryptoOptions } from '../backend-choice';
import {
  commonSessionKeyDiversifier,
  deriveCommonSessionKeyPrepared,
  deriveVisaSecureMessagingSessionKey,
  deriveCommonSessionKey,
  deriveUnionPaySessionKey,
  deriveUnionPaySessionKeyPrepared,
  mastercardSessionKeyDiversifier,
  type IccMasterKeyDerivation,
} from './keys';
import { padIso9797 } from '../mac/padding';
import { retailMacPadded, type RetailMacKey } from '../retail-mac';

/** Cryptogram versions implemented here. */
export type CryptogramVersion =
  | 'visa-10'
  | 'visa-18'
  | 'visa-22'
  | 'mastercard-16'
  | 'mastercard-17'
  | 'mastercard-20'
  | 'mastercard-21'
  | 'unionpay-01';

/** What a cryptogram version fixes: key derivations, data, padding, ARPC method, script keys. */
export interface CryptogramVersionProfile {
  /** ICC master key derivation the issuer personalises with (Book 2 A1.4). */
  readonly iccMasterKeyDerivation: IccMasterKeyDerivation;
  /** AC session key: none (the ICC master key itself), EMV common (A1.3, R = ATC ‖ 0…0), Mastercard SKD (R = ATC ‖ 0000 ‖ UN), UnionPay (0…0 ‖ ATC, 0…0 ‖ ATC ⊕ FFFF). */
  readonly sessionKey: 'none' | 'common' | 'mastercard' | 'unionpay';
  /** ISO/IEC 9797-1 padding of the cryptogram data. */
  readonly padding: 1 | 2;
  /** Card data after the AIP and ATC: Visa / UnionPay CVR (IAD bytes 4-7), the whole IAD, Mastercard CVR (IAD bytes 3-8), or CVR and counters (IAD bytes 3-8 and 11-18). */
  readonly cardData: 'visa-cvr' | 'iad' | 'mastercard-cvr' | 'mastercard-cvr-counters';
  /** ARPC method (Book 2 §8.2) and the key it runs under. */
  readonly arpc: { readonly method: 1 | 2; readonly key: 'icc-master-key' | 'session-key' };
  /** Secure messaging (issuer script) session key: Visa (ATC XOR), EMV common with R = ARQC, or UnionPay (as the AC session key, from MK_SMI). */
  readonly scriptSessionKey: 'visa' | 'common-arqc' | 'unionpay';
}

/**
 * The profile of every implemented cryptogram version.
 *
 * @example
 * ```ts
 * CRYPTOGRAM_VERSIONS['mastercard-16'].sessionKey; // 'mastercard'
 * ```
 */
export const CRYPTOGRAM_VERSIONS: Readonly<Record<CryptogramVersion, CryptogramVersionProfile>> = {
  // VIS 1.5: ICC MK itself, Visa padding (zeros), CVR, ARPC method 1 under the ICC MK.
  'visa-10': { iccMasterKeyDerivation: 'A', sessionKey: 'none', padding: 1, cardData: 'visa-cvr', arpc: { method: 1, key: 'icc-master-key' }, scriptSessionKey: 'visa' },
  // VIS 1.6 algorithm 2: EMV common session key, full IAD, ARPC method 2.
  'visa-18': { iccMasterKeyDerivation: 'B', sessionKey: 'common', padding: 2, cardData: 'iad', arpc: { method: 2, key: 'session-key' }, scriptSessionKey: 'visa' },
  // VIS 1.6 algorithm 2 with IAD format 2 (32 bytes starting 1F).
  'visa-22': { iccMasterKeyDerivation: 'B', sessionKey: 'common', padding: 2, cardData: 'iad', arpc: { method: 2, key: 'session-key' }, scriptSessionKey: 'visa' },
  // M/Chip: bits 2-3 of the CVN choose SKD (00) or EMV CSK (10); bit 1 adds the counters.
  'mastercard-16': { iccMasterKeyDerivation: 'A', sessionKey: 'mastercard', padding: 2, cardData: 'mastercard-cvr', arpc: { method: 1, key: 'icc-master-key' }, scriptSessionKey: 'common-arqc' },
  'mastercard-17': { iccMasterKeyDerivation: 'A', sessionKey: 'mastercard', padding: 2, cardData: 'mastercard-cvr-counters', arpc: { method: 1, key: 'icc-master-key' }, scriptSessionKey: 'common-arqc' },
  'mastercard-20': { iccMasterKeyDerivation: 'A', sessionKey: 'common', padding: 2, cardData: 'mastercard-cvr', arpc: { method: 1, key: 'session-key' }, scriptSessionKey: 'common-arqc' },
  'mastercard-21': { iccMasterKeyDerivation: 'A', sessionKey: 'common', padding: 2, cardData: 'mastercard-cvr-counters', arpc: { method: 1, key: 'session-key' }, scriptSessionKey: 'common-arqc' },
  // PBOC / UICS CVN 01 (3DES): the VIS CVN 10 data (CVR = IAD bytes 4-7), padding method 2, the
  // UnionPay session key, ARPC method 1 under it with the ARC as two ASCII characters. Checked
  // against the public PBOC worked example (see deriveUnionPaySessionKey). The script key
  // (the same derivation from MK_SMI) follows JR/T 0025 as Chinese developer notes describe it:
  // no public vector was found for it.
  'unionpay-01': { iccMasterKeyDerivation: 'A', sessionKey: 'unionpay', padding: 2, cardData: 'visa-cvr', arpc: { method: 1, key: 'session-key' }, scriptSessionKey: 'unionpay' },
};

/**
 * The profile of `cvn`, or a CardwireError `EMV_CVN_UNSUPPORTED`.
 *
 * @example
 * ```ts
 * cryptogramVersionProfile('visa-18').arpc; // { method: 2, key: 'session-key' }
 * ```
 */
export function cryptogramVersionProfile(cvn: CryptogramVersion): CryptogramVersionProfile {
  const p = Object.prototype.hasOwnProperty.call(CRYPTOGRAM_VERSIONS, cvn) ? CRYPTOGRAM_VERSIONS[cvn] : undefined;
  if (!p) fail('EMV_CVN_UNSUPPORTED', `cryptogram version ${JSON.stringify(cvn)} is not implemented`, { path: 'cvn' });
  return p;
}

/** The data elements an application cryptogram covers (values, not TLV). */
export interface CryptogramData {
  /** 9F02, 6 bytes BCD. */
  readonly amountAuthorised: Uint8Array;
  /** 9F03, 6 bytes BCD. */
  readonly amountOther: Uint8Array;
  /** 9F1A, 2 bytes. */
  readonly terminalCountryCode: Uint8Array;
  /** 95, 5 bytes. */
  readonly terminalVerificationResults: Uint8Array;
  /** 5F2A, 2 bytes. */
  readonly transactionCurrencyCode: Uint8Array;
  /** 9A, 3 bytes YYMMDD. */
  readonly transactionDate: Uint8Array;
  /** 9C, 1 byte. */
  readonly transactionType: Uint8Array;
  /** 9F37, 4 bytes. */
  readonly unpredictableNumber: Uint8Array;
  /** 82, 2 bytes. */
  readonly applicationInterchangeProfile: Uint8Array;
  /** 9F36, 2 bytes. */
  readonly applicationTransactionCounter: Uint8Array;
  /** 9F10 issuer application data (the CVR and counters are taken from it). */
  readonly issuerApplicationData: Uint8Array;
}

const FIXED: ReadonlyArray<readonly [keyof CryptogramData, string, number]> = [
  ['amountAuthorised', '9F02', 6],
  ['amountOther', '9F03', 6],
  ['terminalCountryCode', '9F1A', 2],
  ['terminalVerificationResults', '95', 5],
  ['transactionCurrencyCode', '5F2A', 2],
  ['transactionDate', '9A', 3],
  ['transactionType', '9C', 1],
  ['unpredictableNumber', '9F37', 4],
  ['applicationInterchangeProfile', '82', 2],
  ['applicationTransactionCounter', '9F36', 2],
];

function inputError(message: string, path: string): never {
  return fail('EMV_CRYPTOGRAM_INPUT_INVALID', message, { path });
}

function iadSlice(iad: Uint8Array, start: number, end: number, what: string): Uint8Array {
  if (iad.length < end) inputError(`the issuer application data is too short for the ${what} (needs ${end} bytes, has ${iad.length})`, '9F10');
  return iad.subarray(start, end);
}

/**
 * The data a cryptogram version enciphers, before padding: 9F02 ‖ 9F03 ‖ 9F1A ‖ 95 ‖ 5F2A ‖ 9A ‖
 * 9C ‖ 9F37 ‖ 82 ‖ 9F36 ‖ card data (Visa CVR, the whole IAD, or Mastercard CVR [‖ counters]).
 *
 * @example
 * ```ts
 * cryptogramInput('visa-10', data).length; // 37 + 4
 * ```
 */
export function cryptogramInput(cvn: CryptogramVersion, data: CryptogramData): Uint8Array {
  const profile = cryptogramVersionProfile(cvn);
  const parts: Uint8Array[] = [];
  for (const [field, tag, length] of FIXED) {
    const v = data[field];
    if (!(v instanceof Uint8Array) || v.length !== length) inputError(`${tag} must be ${length} bytes`, tag);
    parts.push(v);
  }
  const iad = data.issuerApplicationData;
  if (!(iad instanceof Uint8Array)) inputError('9F10 must be bytes', '9F10');
  switch (profile.cardData) {
    case 'visa-cvr':
      // VIS IAD format 0/1/3: length, DKI, CVN, CVR (length byte 03 + 3 bytes).
      parts.push(iadSlice(iad, 3, 7, 'card verification results'));
      break;
    case 'iad':
      if (cvn === 'visa-22' && (iad.length !== 32 || iad[0] !== 0x1f)) inputError('CVN 22 needs IAD format 2 (32 bytes starting 1F)', '9F10');
      if (iad.length === 0 || iad.length > 32) inputError('9F10 must be 1 to 32 bytes', '9F10');
      parts.push(iad);
      break;
    case 'mastercard-cvr':
      // M/Chip IAD: KDI, CVN, CVR (6), DAC/IDN (2), counters (8), …
      parts.push(iadSlice(iad, 2, 8, 'card verification results'));
      break;
    case 'mastercard-cvr-counters':
      parts.push(iadSlice(iad, 2, 8, 'card verification results'), iadSlice(iad, 10, 18, 'counters'));
      break;
    default: {
      const never: never = profile.cardData;
      return inputError(`unknown card data ${String(never)}`, 'cvn');
    }
  }
  return concatBytes(...parts);
}

function checkKey(key: Uint8Array, path: string): void {
  if (!(key instanceof Uint8Array) || key.length !== 16) inputError(`${path} must be a double-length (16-byte) TDES key`, path);
}

function checkBytes(value: Uint8Array | undefined, length: number, path: string): Uint8Array {
  if (!(value instanceof Uint8Array) || value.length !== length) inputError(`${path} must be ${length} bytes`, path);
  return value;
}

/** Prepared ciphers of a double-length MAC key, destroyed by the caller. */
function macKey(backend: CryptoBackend, key: Uint8Array): RetailMacKey & { destroy(): void } {
  const left = backend.cipher('des', key.subarray(0, 8));
  const right = backend.cipher('des', key.subarray(8, 16));
  return { left, right, destroy: () => (left.destroy(), right.destroy()) };
}

function withMacKey<T>(backend: CryptoBackend, key: Uint8Array, f: (k: RetailMacKey) => T): T {
  const k = macKey(backend, key);
  try {
    return f(k);
  } finally {
    k.destroy();
  }
}

/**
 * The AC session key of a cryptogram version from the ICC master key (prepared), the ATC and the
 * unpredictable number: the ICC master key itself (CVN 10), EMV common (A1.3) or Mastercard SKD.
 */
function sessionKeyFrom(profile: CryptogramVersionProfile, iccMasterKey: Uint8Array, prepared: () => PreparedCipher, atc: Uint8Array, un: Uint8Array | undefined): Uint8Array {
  switch (profile.sessionKey) {
    case 'none':
      return iccMasterKey;
    case 'common':
      return deriveCommonSessionKeyPrepared(prepared(), commonSessionKeyDiversifier(atc));
    case 'mastercard':
      return deriveCommonSessionKeyPrepared(prepared(), mastercardSessionKeyDiversifier(atc, checkBytes(un, 4, '9F37')));
    case 'unionpay':
      return deriveUnionPaySessionKeyPrepared(prepared(), atc);
    default: {
      const never: never = profile.sessionKey;
      return inputError(`unknown session key ${String(never)}`, 'cvn');
    }
  }
}

/** Input of {@link deriveApplicationCryptogramSessionKey}. */
export interface SessionKeyInput {
  readonly cvn: CryptogramVersion;
  /** ICC master key for AC (MK_AC). */
  readonly iccMasterKey: Uint8Array;
  /** 9F36, 2 bytes. */
  readonly applicationTransactionCounter: Uint8Array;
  /** 9F37, 4 bytes (Mastercard SKD only). */
  readonly unpredictableNumber?: Uint8Array;
}

/**
 * The session key a cryptogram version computes the AC with.
 *
 * @example
 * ```ts
 * deriveApplicationCryptogramSessionKey({ cvn: 'visa-18', iccMasterKey, applicationTransactionCounter: hex('001C') });
 * // KCV 22C8 with the pyemv CVN 18 keys
 * ```
 */
export function deriveApplicationCryptogramSessionKey(input: SessionKeyInput, options: CryptoOptions = {}): Uint8Array {
  const backend = backendOf(options);
  const profile = cryptogramVersionProfile(input.cvn);
  checkKey(input.iccMasterKey, 'iccMasterKey');
  const atc = checkBytes(input.applicationTransactionCounter, 2, '9F36');
  let c: PreparedCipher | undefined;
  try {
    const sk = sessionKeyFrom(profile, input.iccMasterKey, () => (c ??= backend.cipher('tdes', input.iccMasterKey)), atc, input.unpredictableNumber);
    return sk === input.iccMasterKey ? sk.slice() : sk;
  } finally {
    c?.destroy();
  }
}

/** Input of {@link generateApplicationCryptogram}. */
export interface ApplicationCryptogramInput {
  readonly cvn: CryptogramVersion;
  /** ICC master key for AC (MK_AC). */
  readonly iccMasterKey: Uint8Array;
  readonly data: CryptogramData;
}

function computeCryptogram(backend: CryptoBackend, input: ApplicationCryptogramInput, iccMk: () => PreparedCipher): Uint8Array {
  const profile = cryptogramVersionProfile(input.cvn);
  checkKey(input.iccMasterKey, 'iccMasterKey');
  const message = padIso9797(cryptogramInput(input.cvn, input.data), profile.padding, 8);
  const sk = sessionKeyFrom(profile, input.iccMasterKey, iccMk, input.data.applicationTransactionCounter, input.data.unpredictableNumber);
  return withMacKey(backend, sk, (k) => retailMacPadded(k, message));
}

/**
 * Generate an application cryptogram (ARQC, TC or AAC — one computation; the card chooses which
 * by the CID): MAC algorithm 3 under the version's session key over the padded data.
 *
 * @example
 * ```ts
 * generateApplicationCryptogram({ cvn: 'visa-18', iccMasterKey, data }); // 7A788EA6B8A3E733
 * ```
 */
export function generateApplicationCryptogram(input: ApplicationCryptogramInput, options: CryptoOptions = {}): Uint8Array {
  const backend = backendOf(options);
  let c: PreparedCipher | undefined;
  try {
    return computeCryptogram(backend, input, () => (c ??= backend.cipher('tdes', input.iccMasterKey)));
  } finally {
    c?.destroy();
  }
}

/**
 * Verify an application cryptogram (9F26) in constant time: what an issuer host does with an ARQC.
 *
 * @example
 * ```ts
 * verifyApplicationCryptogram({ cvn: 'visa-18', iccMasterKey, data }, hex('7A788EA6B8A3E733')); // true
 * ```
 */
export function verifyApplicationCryptogram(input: ApplicationCryptogramInput, cryptogram: Uint8Array, options: CryptoOptions = {}): boolean {
  checkBytes(cryptogram, 8, '9F26');
  return constantTimeEqual(generateApplicationCryptogram(input, options), cryptogram);
}

/**
 * ARPC method 1 (Book 2 §8.2.1): E_K(ARQC ⊕ (ARC ‖ 00…00)) with TDES, 8 bytes.
 *
 * @example
 * ```ts
 * generateArpcMethod1(sessionKey, hex('FA624250B008B59A'), hex('0000')); // 45D4255EEF10C920
 * ```
 */
export function generateArpcMethod1(key: Uint8Array, arqc: Uint8Array, authorisationResponseCode: Uint8Array, options: CryptoOptions = {}): Uint8Array {
  checkKey(key, 'key');
  const block = checkBytes(arqc, 8, '9F26').slice();
  const arc = checkBytes(authorisationResponseCode, 2, 'authorisationResponseCode');
  block[0]! ^= arc[0]!;
  block[1]! ^= arc[1]!;
  const c = backendOf(options).cipher('tdes', key);
  try {
    return c.encrypt(block);
  } finally {
    c.destroy();
  }
}

/**
 * ARPC method 2 (Book 2 §8.2.2): the leftmost 4 bytes of MAC algorithm 3 (padding method 2) over
 * ARQC ‖ CSU ‖ proprietary authentication data (0-8 bytes).
 *
 * @example
 * ```ts
 * generateArpcMethod2(sessionKey, hex('FA624250B008B59A'), hex('00000000')); // CB56FA40
 * ```
 */
export function generateArpcMethod2(
  key: Uint8Array,
  arqc: Uint8Array,
  cardStatusUpdate: Uint8Array,
  proprietaryAuthenticationData: Uint8Array = new Uint8Array(0),
  options: CryptoOptions = {},
): Uint8Array {
  checkKey(key, 'key');
  checkBytes(arqc, 8, '9F26');
  checkBytes(cardStatusUpdate, 4, 'cardStatusUpdate');
  if (!(proprietaryAuthenticationData instanceof Uint8Array) || proprietaryAuthenticationData.length > 8) inputError('proprietary authentication data must be 0 to 8 bytes', 'proprietaryAuthenticationData');
  const message = padIso9797(concatBytes(arqc, cardStatusUpdate, proprietaryAuthenticationData), 2, 8);
  return withMacKey(backendOf(options), key, (k) => retailMacPadded(k, message)).slice(0, 4);
}

/** Input of {@link generateArpc}. */
export interface ArpcInput {
  readonly cvn: CryptogramVersion;
  readonly iccMasterKey: Uint8Array;
  /** The ARQC (9F26) being answered. */
  readonly arqc: Uint8Array;
  /** 9F36 of the transaction (for versions whose ARPC key is a session key). */
  readonly applicationTransactionCounter: Uint8Array;
  /** 9F37 (Mastercard SKD). */
  readonly unpredictableNumber?: Uint8Array;
  /** Method 1: the 2-byte authorisation response code (ARC). */
  readonly authorisationResponseCode?: Uint8Array;
  /** Method 2: the 4-byte card status update (CSU). */
  readonly cardStatusUpdate?: Uint8Array;
  /** Method 2: 0-8 bytes of proprietary authentication data. */
  readonly proprietaryAuthenticationData?: Uint8Array;
}

/**
 * The ARPC a cryptogram version answers with (method 1 with the ARC, or method 2 with the CSU),
 * under the ICC master key or the AC session key as the version says. Issuer authentication data
 * (tag 91) is then ARPC ‖ ARC (method 1) or ARPC ‖ CSU ‖ proprietary data (method 2).
 *
 * @example
 * ```ts
 * generateArpc({ cvn: 'visa-18', iccMasterKey, arqc, applicationTransactionCounter: hex('001C'),
 *   cardStatusUpdate: hex('00000000') }); // 9AF514C1
 * ```
 */
export function generateArpc(input: ArpcInput, options: CryptoOptions = {}): Uint8Array {
  const profile = cryptogramVersionProfile(input.cvn);
  const key =
    profile.arpc.key === 'icc-master-key'
      ? input.iccMasterKey
      : deriveApplicationCryptogramSessionKey(
          {
            cvn: input.cvn,
            iccMasterKey: input.iccMasterKey,
            applicationTransactionCounter: input.applicationTransactionCounter,
            ...(input.unpredictableNumber ? { unpredictableNumber: input.unpredictableNumber } : {}),
          },
          options,
        );
  if (profile.arpc.method === 1) {
    if (!input.authorisationResponseCode) inputError(`${input.cvn} uses ARPC method 1: give the authorisation response code`, 'authorisationResponseCode');
    return generateArpcMethod1(key, input.arqc, input.authorisationResponseCode, options);
  }
  if (!input.cardStatusUpdate) inputError(`${input.cvn} uses ARPC method 2: give the card status update`, 'cardStatusUpdate');
  return generateArpcMethod2(key, input.arqc, input.cardStatusUpdate, input.proprietaryAuthenticationData ?? new Uint8Array(0), options);
}

/**
 * MAC for secure messaging (Book 2 §9.2.1, A1.2.1): MAC algorithm 3, padding method 2, over
 * `data` under a secure-messaging session key.
 *
 * @example
 * ```ts
 * secureMessagingMac(hex('0123456789ABCDEFFEDCBA9876543210'), hex('8424000008')); // 0BFFF5DF3FAA24E1
 * ```
 */
export function secureMessagingMac(sessionKey: Uint8Array, data: Uint8Array, options: CryptoOptions = {}): Uint8Array {
  checkKey(sessionKey, 'sessionKey');
  return withMacKey(backendOf(options), sessionKey, (k) => retailMacPadded(k, padIso9797(data, 2, 8)));
}

/** Input of {@link generateIssuerScriptMac}. */
export interface IssuerScriptMacInput {
  readonly cvn: CryptogramVersion;
  /** ICC master key for secure messaging integrity (MK_SMI). */
  readonly iccIntegrityMasterKey: Uint8Array;
  /** Command header CLA INS P1 P2 Lc (Lc counting the data and the MAC). */
  readonly commandHeader: Uint8Array;
  readonly applicationTransactionCounter: Uint8Array;
  /** The ARQC of the transaction the script is sent in (for the second command of a script, ARQC + 1). */
  readonly arqc: Uint8Array;
  /** Command data (PIN block, PUT DATA value), already enciphered when confidentiality applies. */
  readonly commandData?: Uint8Array;
}

/**
 * The MAC of an issuer script command: header ‖ ATC ‖ ARQC ‖ data under the version's
 * secure-messaging session key (Visa: MK XOR ATC; Mastercard: EMV common with R = ARQC; UnionPay:
 * the UnionPay session key from MK_SMI).
 *
 * @example
 * ```ts
 * generateIssuerScriptMac({ cvn: 'visa-10', iccIntegrityMasterKey, commandHeader: hex('8418000008'),
 *   applicationTransactionCounter: hex('001C'), arqc }); // DB56BA60087CEFD3
 * ```
 */
export function generateIssuerScriptMac(input: IssuerScriptMacInput, options: CryptoOptions = {}): Uint8Array {
  const profile = cryptogramVersionProfile(input.cvn);
  checkKey(input.iccIntegrityMasterKey, 'iccIntegrityMasterKey');
  const atc = checkBytes(input.applicationTransactionCounter, 2, '9F36');
  const arqc = checkBytes(input.arqc, 8, '9F26');
  if (!(input.commandHeader instanceof Uint8Array) || input.commandHeader.length !== 5) inputError('the command header is CLA INS P1 P2 Lc, 5 bytes', 'commandHeader');
  let sk: Uint8Array;
  switch (profile.scriptSessionKey) {
    case 'visa':
      sk = deriveVisaSecureMessagingSessionKey(input.iccIntegrityMasterKey, atc);
      break;
    case 'common-arqc':
      sk = deriveCommonSessionKey(input.iccIntegrityMasterKey, arqc, options);
      break;
    case 'unionpay':
      sk = deriveUnionPaySessionKey(input.iccIntegrityMasterKey, atc, options);
      break;
    default: {
      const never: never = profile.scriptSessionKey;
      return inputError(`unknown script session key ${String(never)}`, 'cvn');
    }
  }
  return secureMessagingMac(sk, concatBytes(input.commandHeader, atc, arqc, input.commandData ?? new Uint8Array(0)), options);
}
