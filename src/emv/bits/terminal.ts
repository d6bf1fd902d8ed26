/**
 * Terminal-side bit fields: Terminal Verification Results (tag 95, EMV 4.4 Book 3 Annex C5),
 * Transaction Status Information (9B, Book 3 Annex C6), Terminal Capabilities (9F33, Book 4
 * Annex A2), Additional Terminal Capabilities (9F40, Book 4 Annex A3) and Terminal Type (9F35,
 * Book 4 Annex A1).
 */
import { fail } from '../../core/index';
import { defineBitField } from './bit-field';

/**
 * Terminal Verification Results, tag 95 (Book 3 Annex C5). Also the layout of the Issuer and
 * Terminal Action Codes (9F0D/9F0E/9F0F, DF8120...).
 *
 * @example
 * ```ts
 * const tvr = new Uint8Array(5);
 * Tvr.set(tvr, 'offlineDataAuthenticationNotPerformed', 'transactionExceedsFloorLimit');
 * toHex(tvr); // '8000008000'
 * ```
 */
export const Tvr = defineBitField('95', 'Terminal Verification Results', 5, {
  offlineDataAuthenticationNotPerformed: [1, 8, 'Offline data authentication was not performed'],
  sdaFailed: [1, 7, 'SDA failed'],
  iccDataMissing: [1, 6, 'ICC data missing'],
  cardOnExceptionFile: [1, 5, 'Card appears on terminal exception file'],
  ddaFailed: [1, 4, 'DDA failed'],
  cdaFailed: [1, 3, 'CDA failed'],
  sdaSelected: [1, 2, 'SDA selected'],
  xdaSelected: [1, 1, 'XDA selected (EMV 4.4)'],
  differentApplicationVersions: [2, 8, 'ICC and terminal have different application versions'],
  expiredApplication: [2, 7, 'Expired application'],
  applicationNotYetEffective: [2, 6, 'Application not yet effective'],
  serviceNotAllowed: [2, 5, 'Requested service not allowed for card product'],
  newCard: [2, 4, 'New card'],
  biometricPerformedSuccessful: [2, 2, 'Biometric performed and successful (EMV 4.4)'],
  biometricTemplateFormatNotSupported: [2, 1, 'Biometric template format not supported (EMV 4.4)'],
  cardholderVerificationNotSuccessful: [3, 8, 'Cardholder verification was not successful'],
  unrecognisedCvm: [3, 7, 'Unrecognised CVM'],
  pinTryLimitExceeded: [3, 6, 'PIN Try Limit exceeded'],
  pinPadNotPresentOrNotWorking: [3, 5, 'PIN entry required and PIN pad not present or not working'],
  pinNotEntered: [3, 4, 'PIN entry required, PIN pad present, but PIN was not entered'],
  // 'Online PIN entered' up to EMV 4.3; EMV 4.4 widens it to any online CVM.
  onlinePinEntered: [3, 3, 'Online CVM captured (online PIN entered)'],
  biometricCaptureDeviceNotWorking: [3, 2, 'Biometric required but biometric capture device not working (EMV 4.4)'],
  biometricSubtypeBypassed: [3, 1, 'Biometric required, capture device present, but biometric subtype entry bypassed (EMV 4.4)'],
  transactionExceedsFloorLimit: [4, 8, 'Transaction exceeds floor limit'],
  lowerConsecutiveOfflineLimitExceeded: [4, 7, 'Lower consecutive offline limit exceeded'],
  upperConsecutiveOfflineLimitExceeded: [4, 6, 'Upper consecutive offline limit exceeded'],
  selectedRandomlyForOnline: [4, 5, 'Transaction selected randomly for online processing'],
  merchantForcedOnline: [4, 4, 'Merchant forced transaction online'],
  biometricTryLimitExceeded: [4, 3, 'Biometric try limit exceeded (EMV 4.4)'],
  biometricTypeNotSupported: [4, 2, 'A selected biometric type not supported (EMV 4.4)'],
  xdaSignatureVerificationFailed: [4, 1, 'XDA signature verification failed (EMV 4.4)'],
  defaultTdolUsed: [5, 8, 'Default TDOL used'],
  issuerAuthenticationFailed: [5, 7, 'Issuer authentication failed'],
  scriptFailedBeforeFinalGenerateAc: [5, 6, 'Script processing failed before final GENERATE AC'],
  scriptFailedAfterFinalGenerateAc: [5, 5, 'Script processing failed after final GENERATE AC'],
  // Bits 4 and 1 are reserved for the contactless specifications (Book C-2: relay resistance).
  caEccKeyMissing: [5, 3, 'CA ECC key missing (EMV 4.4)'],
  eccKeyRecoveryFailed: [5, 2, 'ECC key recovery failed (EMV 4.4)'],
});

/**
 * Transaction Status Information, tag 9B (Book 3 Annex C6).
 *
 * @example
 * ```ts
 * Tsi.setFlags(hex('E800')); // ['offlineDataAuthenticationPerformed', 'cardholderVerificationPerformed', 'cardRiskManagementPerformed', 'terminalRiskManagementPerformed']
 * ```
 */
export const Tsi = defineBitField('9B', 'Transaction Status Information', 2, {
  offlineDataAuthenticationPerformed: [1, 8, 'Offline data authentication was performed'],
  cardholderVerificationPerformed: [1, 7, 'Cardholder verification was performed'],
  cardRiskManagementPerformed: [1, 6, 'Card risk management was performed'],
  issuerAuthenticationPerformed: [1, 5, 'Issuer authentication was performed'],
  terminalRiskManagementPerformed: [1, 4, 'Terminal risk management was performed'],
  scriptProcessingPerformed: [1, 3, 'Script processing was performed'],
});

/**
 * Terminal Capabilities, tag 9F33 (Book 4 Annex A2): card data input, CVM and security
 * capabilities.
 *
 * @example
 * ```ts
 * TerminalCapabilities.setFlags(hex('E0F8C8')).length; // 11
 * ```
 */
export const TerminalCapabilities = defineBitField('9F33', 'Terminal Capabilities', 3, {
  manualKeyEntry: [1, 8, 'Manual key entry'],
  magneticStripe: [1, 7, 'Magnetic stripe'],
  icWithContacts: [1, 6, 'IC with contacts'],
  plaintextPinForIccVerification: [2, 8, 'Plaintext PIN for ICC verification'],
  encipheredPinForOnlineVerification: [2, 7, 'Enciphered PIN for online verification'],
  signature: [2, 6, 'Signature (paper)'],
  encipheredPinForOfflineVerification: [2, 5, 'Enciphered PIN for offline verification'],
  noCvmRequired: [2, 4, 'No CVM Required'],
  onlineBiometric: [2, 3, 'Online biometric (EMV 4.4)'],
  offlineBiometric: [2, 2, 'Offline biometric (EMV 4.4)'],
  encipheredPinForOfflineVerificationEcc: [2, 1, 'Enciphered PIN for offline verification, ECC (EMV 4.4)'],
  sda: [3, 8, 'SDA'],
  dda: [3, 7, 'DDA'],
  cardCapture: [3, 6, 'Card capture'],
  cda: [3, 4, 'CDA'],
  xda: [3, 3, 'XDA (EMV 4.4)'],
});

/**
 * Additional Terminal Capabilities, tag 9F40 (Book 4 Annex A3): transaction types, data input
 * and output capabilities, code tables.
 *
 * @example
 * ```ts
 * AdditionalTerminalCapabilities.isSet(hex('6000F0A001'), 'goods'); // true
 * ```
 */
export const AdditionalTerminalCapabilities = defineBitField('9F40', 'Additional Terminal Capabilities', 5, {
  cash: [1, 8, 'Cash'],
  goods: [1, 7, 'Goods'],
  services: [1, 6, 'Services'],
  cashback: [1, 5, 'Cashback'],
  inquiry: [1, 4, 'Inquiry'],
  transfer: [1, 3, 'Transfer'],
  payment: [1, 2, 'Payment'],
  administrative: [1, 1, 'Administrative'],
  cashDeposit: [2, 8, 'Cash deposit'],
  numericKeys: [3, 8, 'Numeric keys'],
  alphabeticAndSpecialCharacterKeys: [3, 7, 'Alphabetic and special characters keys'],
  commandKeys: [3, 6, 'Command keys'],
  functionKeys: [3, 5, 'Function keys'],
  printAttendant: [4, 8, 'Print or electronic, attendant'],
  printCardholder: [4, 7, 'Print or electronic, cardholder'],
  displayAttendant: [4, 6, 'Display, attendant'],
  displayCardholder: [4, 5, 'Display, cardholder'],
  codeTable10: [4, 2, 'Code table 10'],
  codeTable9: [4, 1, 'Code table 9'],
  codeTable8: [5, 8, 'Code table 8'],
  codeTable7: [5, 7, 'Code table 7'],
  codeTable6: [5, 6, 'Code table 6'],
  codeTable5: [5, 5, 'Code table 5'],
  codeTable4: [5, 4, 'Code table 4'],
  codeTable3: [5, 3, 'Code table 3'],
  codeTable2: [5, 2, 'Code table 2'],
  codeTable1: [5, 1, 'Code table 1'],
});

/** Who has operational control of the terminal (Book 4 Annex A1, first digit of 9F35). */
export type TerminalOperationalControl = 'financial-institution' | 'merchant' | 'cardholder';
/** How the terminal authorises (Book 4 Annex A1, second digit of 9F35). */
export type TerminalConnectivity = 'online-only' | 'offline-with-online-capability' | 'offline-only';

/** Terminal Type (9F35) decoded. */
export interface TerminalType {
  /** The two digits, e.g. `'22'`. */
  readonly code: string;
  readonly operationalControl: TerminalOperationalControl;
  readonly attended: boolean;
  readonly connectivity: TerminalConnectivity;
}

const CONTROL: readonly TerminalOperationalControl[] = ['financial-institution', 'merchant', 'cardholder'];
const CONNECTIVITY: readonly TerminalConnectivity[] = ['online-only', 'offline-with-online-capability', 'offline-only'];

/**
 * Decode Terminal Type, tag 9F35 (Book 4 Annex A1, n 2).
 *
 * @example
 * ```ts
 * decodeTerminalType(hex('22')); // { code: '22', operationalControl: 'merchant', attended: true, connectivity: 'offline-with-online-capability' }
 * ```
 */
export function decodeTerminalType(value: Uint8Array, options: { readonly path?: string } = {}): TerminalType {
  const path = options.path ?? '9F35';
  if (value.length !== 1) fail('EMV_VALUE_LENGTH', `Terminal Type is 1 byte, got ${value.length}`, { path, offset: 0 });
  const hi = value[0]! >> 4;
  const lo = value[0]! & 15;
  const control = CONTROL[hi - 1];
  // Book 4 Annex A1 Table 24: cardholder-operated terminals are unattended only (34-36); 31-33 are undefined.
  if (hi < 1 || !control || lo < 1 || lo > 6 || (control === 'cardholder' && lo <= 3)) {
    fail('EMV_VALUE_INVALID', 'Terminal Type must be 11-16, 21-26 or 34-36', { path, offset: 0 });
  }
  return {
    code: `${hi}${lo}`,
    operationalControl: control,
    attended: lo <= 3,
    connectivity: CONNECTIVITY[(lo - 1) % 3]!,
  };
}

/**
 * Encode Terminal Type, tag 9F35.
 *
 * @example
 * ```ts
 * toHex(encodeTerminalType({ operationalControl: 'merchant', attended: false, connectivity: 'online-only' })); // '24'
 * ```
 */
export function encodeTerminalType(t: Omit<TerminalType, 'code'>): Uint8Array {
  const hi = CONTROL.indexOf(t.operationalControl) + 1;
  const lo = CONNECTIVITY.indexOf(t.connectivity) + 1 + (t.attended ? 0 : 3);
  if (hi < 1 || lo < 1) fail('INVALID_ARGUMENT', 'unknown operational control or connectivity', { path: '9F35' });
  if (t.operationalControl === 'cardholder' && t.attended) fail('INVALID_ARGUMENT', 'a cardholder-operated terminal is unattended (Book 4 Annex A1)', { path: '9F35' });
  return Uint8Array.of((hi << 4) | lo);
}
