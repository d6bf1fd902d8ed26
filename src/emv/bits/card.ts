/**
 * Card-side bit fields: Application Interchange Profile (tag 82, EMV 4.4 Book 3 Annex C1 and EMV
 * Book C-2 for byte 2), Application Usage Control (9F07, Book 3 Annex C2) and Cryptogram
 * Information Data (9F27, Book 3 §6.5.5.4 Table 15).
 */
import { fail } from '../../core/index';
import { defineBitField } from './bit-field';

/**
 * Application Interchange Profile, tag 82 (EMV 4.4 Book 3 Annex C1 Table 41; byte 2 from EMV Book
 * C-2 Annex A.1.16, as openemv emv-utils `emv_fields.h` lists them).
 *
 * @example
 * ```ts
 * Aip.setFlags(hex('1C00')); // ['cardholderVerificationSupported', 'terminalRiskManagementRequired', 'issuerAuthenticationSupported']
 * ```
 */
export const Aip = defineBitField('82', 'Application Interchange Profile', 2, {
  xdaSupported: [1, 8, 'XDA supported (EMV 4.4)'],
  sdaSupported: [1, 7, 'SDA supported'],
  ddaSupported: [1, 6, 'DDA supported'],
  cardholderVerificationSupported: [1, 5, 'Cardholder verification is supported'],
  terminalRiskManagementRequired: [1, 4, 'Terminal risk management is to be performed'],
  issuerAuthenticationSupported: [1, 3, 'Issuer authentication is supported'],
  onDeviceCardholderVerificationSupported: [1, 2, 'On device cardholder verification is supported (Book C-2)'],
  cdaSupported: [1, 1, 'CDA supported'],
  emvModeSupported: [2, 8, 'EMV mode is supported (Book C-2)'],
  mobilePhone: [2, 7, 'Mobile phone (Book C-2)'],
  contactlessTransaction: [2, 6, 'Contactless transaction (Book C-2)'],
  relayResistanceProtocolSupported: [2, 1, 'Relay Resistance Protocol is supported (Book C-2)'],
});

/**
 * Application Usage Control, tag 9F07 (Book 3 Annex C2).
 *
 * @example
 * ```ts
 * Auc.isSet(hex('FF80'), 'domesticCashbackAllowed'); // true
 * ```
 */
export const Auc = defineBitField('9F07', 'Application Usage Control', 2, {
  domesticCash: [1, 8, 'Valid for domestic cash transactions'],
  internationalCash: [1, 7, 'Valid for international cash transactions'],
  domesticGoods: [1, 6, 'Valid for domestic goods'],
  internationalGoods: [1, 5, 'Valid for international goods'],
  domesticServices: [1, 4, 'Valid for domestic services'],
  internationalServices: [1, 3, 'Valid for international services'],
  atms: [1, 2, 'Valid at ATMs'],
  terminalsOtherThanAtms: [1, 1, 'Valid at terminals other than ATMs'],
  domesticCashbackAllowed: [2, 8, 'Domestic cashback allowed'],
  internationalCashbackAllowed: [2, 7, 'International cashback allowed'],
});

/** Application cryptogram types (Book 3 Table 15, CID bits 8-7). */
export type CryptogramType = 'AAC' | 'TC' | 'ARQC';

/** Reason/advice code of the CID (bits 3-1). */
export type CidReason = 'none' | 'service-not-allowed' | 'pin-try-limit-exceeded' | 'issuer-authentication-failed';

/** Cryptogram Information Data (9F27) decoded. */
export interface Cid {
  /** Bits 8-7; `'RFU'` for 11. */
  readonly cryptogramType: CryptogramType | 'RFU';
  /** Bits 6-5: payment-system-specific cryptogram (0 when not used). */
  readonly paymentSystemSpecific: number;
  /** Bit 4: advice required. */
  readonly adviceRequired: boolean;
  /** Bits 3-1; `'RFU'` for 1xx. */
  readonly reason: CidReason | 'RFU';
}

const CRYPTOGRAM_TYPES: readonly CryptogramType[] = ['AAC', 'TC', 'ARQC'];
const REASONS: readonly CidReason[] = ['none', 'service-not-allowed', 'pin-try-limit-exceeded', 'issuer-authentication-failed'];

/**
 * Decode Cryptogram Information Data, tag 9F27 (Book 3 Table 15).
 *
 * @example
 * ```ts
 * decodeCid(hex('80')); // { cryptogramType: 'ARQC', paymentSystemSpecific: 0, adviceRequired: false, reason: 'none' }
 * decodeCid(hex('08')).adviceRequired; // true
 * ```
 */
export function decodeCid(value: Uint8Array, options: { readonly path?: string } = {}): Cid {
  if (value.length !== 1) fail('EMV_VALUE_LENGTH', `CID is 1 byte, got ${value.length}`, { path: options.path ?? '9F27', offset: 0 });
  const b = value[0]!;
  return {
    cryptogramType: CRYPTOGRAM_TYPES[b >> 6] ?? 'RFU',
    paymentSystemSpecific: (b >> 4) & 3,
    adviceRequired: (b & 0x08) !== 0,
    reason: REASONS[b & 7] ?? 'RFU',
  };
}

/**
 * Encode Cryptogram Information Data, tag 9F27.
 *
 * @example
 * ```ts
 * toHex(encodeCid({ cryptogramType: 'AAC', adviceRequired: true, reason: 'pin-try-limit-exceeded' })); // '0A'
 * ```
 */
export function encodeCid(cid: {
  readonly cryptogramType: CryptogramType;
  readonly paymentSystemSpecific?: number;
  readonly adviceRequired?: boolean;
  readonly reason?: CidReason;
}): Uint8Array {
  const type = CRYPTOGRAM_TYPES.indexOf(cid.cryptogramType);
  const pss = cid.paymentSystemSpecific ?? 0;
  if (type < 0 || !Number.isInteger(pss) || pss < 0 || pss > 3) fail('INVALID_ARGUMENT', 'unknown cryptogram type or payment-system-specific value', { path: '9F27' });
  const reason = REASONS.indexOf(cid.reason ?? 'none');
  if (reason < 0) fail('INVALID_ARGUMENT', 'unknown CID reason', { path: '9F27' });
  return Uint8Array.of((type << 6) | (pss << 4) | (cid.adviceRequired ? 0x08 : 0) | reason);
}
