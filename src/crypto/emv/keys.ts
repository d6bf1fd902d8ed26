/**
 * EMV card keys (EMV 4.4 Book 2, Annex A1): the ICC master key derived from an issuer master key
 * by option A or option B (A1.4), the common session key derivation (A1.3), the Mastercard
 * proprietary session key derivation (SKD, M/Chip), the UnionPay (PBOC / UICS) session key, and
 * the Visa secure-messaging session key of VIS issuer scripts.
 *
 * Keys here are double-length TDES keys as `Uint8Array`; derived keys are parity-adjusted (odd).
 */
import { fail, hex } from '../../core/index';
import { backendOf, type CryptoOptions } from '../backend-choice';
import type { CryptoBackend, PreparedCipher } from '../backend';
import { adjustParity } from '../keys/key';
import { keyMaterial, type KeyInput } from '../key-input';

/** ICC master key derivation methods of EMV Book 2 A1.4. */
export type IccMasterKeyDerivation = 'A' | 'B';

/** Input of {@link deriveIccMasterKey}. */
export interface IccMasterKeyInput {
  /** Issuer master key (IMK), a double-length TDES key; a SecretKey must have an EMV usage E0-E6. */
  readonly issuerMasterKey: KeyInput;
  /** Application PAN (tag 5A) as digits. */
  readonly pan: string;
  /** PAN sequence number (tag 5F34) as two digits; `'00'` when the card has none. */
  readonly panSequenceNumber?: string;
  /** Option A or B (B differs from A only for PANs longer than 16 digits). */
  readonly option: IccMasterKeyDerivation;
}

function checkDoubleKey(key: Uint8Array, path: string): void {
  if (!(key instanceof Uint8Array) || key.length !== 16) fail('EMV_KEY_DERIVATION_INPUT_INVALID', `${path} must be a double-length (16-byte) TDES key`, { path });
}

/**
 * The 16-digit value Y of Book 2 A1.4.1 (option A: the rightmost 16 digits of PAN ‖ PSN) or
 * A1.4.2 (option B: for PANs over 16 digits, the SHA-1 of PAN ‖ PSN decimalised).
 */
function derivationData(backend: CryptoBackend, input: Omit<IccMasterKeyInput, 'issuerMasterKey'>): Uint8Array {
  const pan = input.pan;
  const psn = input.panSequenceNumber ?? '00';
  if (typeof pan !== 'string' || !/^[0-9]{1,19}$/.test(pan)) fail('EMV_KEY_DERIVATION_INPUT_INVALID', 'pan must be 1 to 19 decimal digits', { path: 'pan' });
  if (typeof psn !== 'string' || !/^[0-9]{2}$/.test(psn)) fail('EMV_KEY_DERIVATION_INPUT_INVALID', 'panSequenceNumber must be 2 decimal digits', { path: 'panSequenceNumber' });
  const x = pan + psn;
  switch (input.option) {
    case 'A':
      return hex(x.padStart(16, '0').slice(-16));
    case 'B': {
      // A1.4.2: up to 16 PAN digits, option B is option A.
      if (pan.length <= 16) return hex(x.padStart(16, '0').slice(-16));
      const h = backend.hash('sha1', hex(x.length % 2 === 0 ? x : `0${x}`));
      let first = '';
      let second = '';
      for (let i = 0; i < h.length; i++) {
        for (const n of [h[i]! >> 4, h[i]! & 15]) {
          if (n < 10) first += String(n);
          else second += String(n - 10);
        }
      }
      return hex((first + second).slice(0, 16));
    }
    default: {
      const never: never = input.option;
      return fail('EMV_KEY_DERIVATION_INPUT_INVALID', `unknown derivation option ${String(never)}`, { path: 'option' });
    }
  }
}

/** ZL ‖ ZR = E_K(y) ‖ E_K(y ⊕ FF…FF), parity-adjusted: the construction of A1.4.1. */
function encryptPair(cipher: PreparedCipher, y: Uint8Array): Uint8Array {
  const both = new Uint8Array(16);
  both.set(y, 0);
  for (let i = 0; i < 8; i++) both[8 + i] = y[i]! ^ 0xff;
  return adjustParity(cipher.encrypt(both));
}

/**
 * Derive the ICC master key (MK_AC, MK_SMI, MK_SMC… each from its own issuer master key) with
 * option A or option B of EMV Book 2 A1.4.
 *
 * @example
 * ```ts
 * deriveIccMasterKey({ issuerMasterKey: hex('0123456789ABCDEFFEDCBA9876543210'),
 *   pan: '99012345678901234', panSequenceNumber: '45', option: 'A' });
 * // 67F8292358083E5EA7AB7FDA58D53B6B
 * ```
 */
export function deriveIccMasterKey(input: IccMasterKeyInput, options: CryptoOptions = {}): Uint8Array {
  const backend = backendOf(options);
  const imk = keyMaterial(input.issuerMasterKey, ['E0', 'E1', 'E2', 'E3', 'E4', 'E5', 'E6'], 'ICC master key derivation', 'issuerMasterKey');
  checkDoubleKey(imk, 'issuerMasterKey');
  const y = derivationData(backend, input);
  const c = backend.cipher('tdes', imk);
  try {
    return encryptPair(c, y);
  } finally {
    c.destroy();
  }
}

/**
 * {@link deriveIccMasterKey} with an issuer master key already prepared (hosts deriving many
 * cards under one IMK keep the key schedule).
 *
 * @example
 * ```ts
 * const imk = backend.cipher('tdes', hex('0123456789ABCDEFFEDCBA9876543210'));
 * deriveIccMasterKeyPrepared(imk, { pan: '99012345678901234', panSequenceNumber: '45', option: 'A' });
 * // 67F8292358083E5EA7AB7FDA58D53B6B
 * ```
 */
export function deriveIccMasterKeyPrepared(issuerMasterKey: PreparedCipher, input: Omit<IccMasterKeyInput, 'issuerMasterKey'>, options: CryptoOptions = {}): Uint8Array {
  const backend = backendOf(options);
  return encryptPair(issuerMasterKey, derivationData(backend, input));
}

/**
 * EMV common session key derivation (Book 2 A1.3.1): SK = E_MK(R0 R1 F0 R3…R7) ‖ E_MK(R0 R1 0F R3…R7),
 * parity-adjusted. For application cryptograms R = ATC ‖ 00 00 00 00 00 00 ({@link commonSessionKeyDiversifier}).
 *
 * @example
 * ```ts
 * deriveCommonSessionKey(iccMasterKey, hex('1234567890123456'));
 * // with the option A key above: 29B33180E567CE38EA4CBC9D753B0E61
 * ```
 */
export function deriveCommonSessionKey(iccMasterKey: Uint8Array, r: Uint8Array, options: CryptoOptions = {}): Uint8Array {
  const backend = backendOf(options);
  checkDoubleKey(iccMasterKey, 'iccMasterKey');
  const c = backend.cipher('tdes', iccMasterKey);
  try {
    return deriveCommonSessionKeyPrepared(c, r);
  } finally {
    c.destroy();
  }
}

/**
 * {@link deriveCommonSessionKey} with the ICC master key already prepared.
 *
 * @example
 * ```ts
 * deriveCommonSessionKeyPrepared(backend.cipher('tdes', hex('67F8292358083E5EA7AB7FDA58D53B6B')), hex('1234567890123456'));
 * // 29B33180E567CE38EA4CBC9D753B0E61
 * ```
 */
export function deriveCommonSessionKeyPrepared(iccMasterKey: PreparedCipher, r: Uint8Array): Uint8Array {
  if (!(r instanceof Uint8Array) || r.length !== 8) fail('EMV_KEY_DERIVATION_INPUT_INVALID', 'the diversification value R must be 8 bytes', { path: 'r' });
  const both = new Uint8Array(16);
  both.set(r, 0);
  both.set(r, 8);
  both[2] = 0xf0;
  both[10] = 0x0f;
  return adjustParity(iccMasterKey.encrypt(both));
}

function checkLength(value: Uint8Array, length: number, path: string): void {
  if (!(value instanceof Uint8Array) || value.length !== length) fail('EMV_KEY_DERIVATION_INPUT_INVALID', `${path} must be ${length} bytes`, { path });
}

/**
 * R for the common session key of application cryptograms: ATC ‖ 00 00 00 00 00 00 (Book 2 A1.3.1).
 *
 * @example
 * ```ts
 * commonSessionKeyDiversifier(hex('001C')); // 001C000000000000
 * ```
 */
export function commonSessionKeyDiversifier(atc: Uint8Array): Uint8Array {
  checkLength(atc, 2, 'atc');
  const r = new Uint8Array(8);
  r.set(atc, 0);
  return r;
}

/**
 * R for the Mastercard proprietary session key derivation (SKD of M/Chip 4 and M/Chip Advance,
 * CVN 16/17): ATC ‖ 00 00 ‖ unpredictable number, then the common construction.
 *
 * @example
 * ```ts
 * mastercardSessionKeyDiversifier(hex('001C'), hex('ABCDEF12')); // 001C0000ABCDEF12
 * ```
 */
export function mastercardSessionKeyDiversifier(atc: Uint8Array, unpredictableNumber: Uint8Array): Uint8Array {
  checkLength(atc, 2, 'atc');
  checkLength(unpredictableNumber, 4, 'unpredictableNumber');
  const r = new Uint8Array(8);
  r.set(atc, 0);
  r.set(unpredictableNumber, 4);
  return r;
}

/**
 * Visa secure-messaging session key (VIS, CVN 10/18/22 issuer scripts): the left half of the ICC
 * master key XOR 00…00 ‖ ATC, the right half XOR 00…00 ‖ (ATC ⊕ FFFF).
 *
 * @example
 * ```ts
 * deriveVisaSecureMessagingSessionKey(iccMkSmi, hex('001C')); // KCV DB10 with the pyemv CVN 10 keys
 * ```
 */
export function deriveVisaSecureMessagingSessionKey(iccMasterKey: Uint8Array, atc: Uint8Array): Uint8Array {
  checkDoubleKey(iccMasterKey, 'iccMasterKey');
  checkLength(atc, 2, 'atc');
  const sk = new Uint8Array(iccMasterKey);
  sk[6]! ^= atc[0]!;
  sk[7]! ^= atc[1]!;
  sk[14]! ^= atc[0]! ^ 0xff;
  sk[15]! ^= atc[1]! ^ 0xff;
  return sk;
}

/**
 * UnionPay PBOC / UICS session key (the "process key" 过程密钥 of JR/T 0025, cryptogram version 01):
 * SK = E_MK(00 00 00 00 00 00 ‖ ATC) ‖ E_MK(00 00 00 00 00 00 ‖ (ATC ⊕ FFFF)), parity-adjusted.
 * The same derivation gives the AC key from MK_AC and the secure-messaging keys from MK_SMI/SMC.
 *
 * Source: the public PBOC worked example "金融IC卡 ARQC和ARPC计算方法和实例" (IMK_AC
 * F0C34A8124CEE0A91A0B034AA97D6EAC, PAN 6228000100001, PSN 01, ATC 0240; blog.csdn.net
 * fujianfafu/article/details/50483028, reproduced on cnblogs), whose ARQC and ARPC this key
 * reproduces (test/crypto/emv/cryptogram.test.ts).
 *
 * @example
 * ```ts
 * deriveUnionPaySessionKeyPrepared(backend.cipher('tdes', iccMasterKey), hex('0240'));
 * ```
 */
export function deriveUnionPaySessionKeyPrepared(iccMasterKey: PreparedCipher, atc: Uint8Array): Uint8Array {
  checkLength(atc, 2, 'atc');
  const both = new Uint8Array(16);
  both[6] = atc[0]!;
  both[7] = atc[1]!;
  both[14] = atc[0]! ^ 0xff;
  both[15] = atc[1]! ^ 0xff;
  return adjustParity(iccMasterKey.encrypt(both));
}

/**
 * {@link deriveUnionPaySessionKeyPrepared} from the ICC master key bytes.
 *
 * @example
 * ```ts
 * deriveUnionPaySessionKey(iccMasterKey, hex('0240')); // the key of the PBOC worked example's ARQC 5D016C91005E7CC2
 * ```
 */
export function deriveUnionPaySessionKey(iccMasterKey: Uint8Array, atc: Uint8Array, options: CryptoOptions = {}): Uint8Array {
  const backend = backendOf(options);
  checkDoubleKey(iccMasterKey, 'iccMasterKey');
  const c = backend.cipher('tdes', iccMasterKey);
  try {
    return deriveUnionPaySessionKeyPrepared(c, atc);
  } finally {
    c.destroy();
  }
}
