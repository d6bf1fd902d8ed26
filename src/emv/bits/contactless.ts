/**
 * Contactless qualifiers: Terminal Transaction Qualifiers (9F66) and Card Transaction Qualifiers
 * (9F6C), as EMV Book C-3 (Visa qVSDC kernel) and EMV Book C-7 define them.
 */
import { defineBitField } from './bit-field';

/**
 * Terminal Transaction Qualifiers, tag 9F66 (EMV Book C-3 Annex A).
 *
 * @example
 * ```ts
 * Ttq.setFlags(hex('36000000')); // ['emvModeSupported', 'emvContactChipSupported', 'onlinePinSupported', 'signatureSupported']
 * ```
 */
export const Ttq = defineBitField('9F66', 'Terminal Transaction Qualifiers', 4, {
  magStripeModeSupported: [1, 8, 'Mag-stripe mode supported'],
  emvModeSupported: [1, 6, 'EMV mode supported'],
  emvContactChipSupported: [1, 5, 'EMV contact chip supported'],
  offlineOnlyReader: [1, 4, 'Offline-only reader'],
  onlinePinSupported: [1, 3, 'Online PIN supported'],
  signatureSupported: [1, 2, 'Signature supported'],
  odaForOnlineAuthorisationsSupported: [1, 1, 'Offline Data Authentication for Online Authorizations supported'],
  onlineCryptogramRequired: [2, 8, 'Online cryptogram required'],
  cvmRequired: [2, 7, 'CVM required'],
  contactChipOfflinePinSupported: [2, 6, '(Contact Chip) Offline PIN supported'],
  issuerUpdateProcessingSupported: [3, 8, 'Issuer Update Processing supported'],
  consumerDeviceCvmSupported: [3, 7, 'Consumer Device CVM supported'],
});

/**
 * Card Transaction Qualifiers, tag 9F6C (EMV Book C-3 Annex A).
 *
 * @example
 * ```ts
 * Ctq.setFlags(hex('8000')); // ['onlinePinRequired']
 * ```
 */
export const Ctq = defineBitField('9F6C', 'Card Transaction Qualifiers', 2, {
  onlinePinRequired: [1, 8, 'Online PIN Required'],
  signatureRequired: [1, 7, 'Signature Required'],
  goOnlineIfOdaFails: [1, 6, 'Go Online if Offline Data Authentication Fails and Reader is online capable'],
  switchInterfaceIfOdaFails: [1, 5, 'Switch Interface if Offline Data Authentication fails and Reader supports contact chip'],
  goOnlineIfApplicationExpired: [1, 4, 'Go Online if Application Expired'],
  switchInterfaceForCash: [1, 3, 'Switch Interface for Cash Transactions'],
  switchInterfaceForCashback: [1, 2, 'Switch Interface for Cashback Transactions'],
  notValidForContactlessAtm: [1, 1, 'Not valid for contactless ATM transactions (VCPS 2.2)'],
  consumerDeviceCvmPerformed: [2, 8, 'Consumer Device CVM Performed'],
  issuerUpdateProcessingSupported: [2, 7, 'Card supports Issuer Update Processing at the POS'],
});
