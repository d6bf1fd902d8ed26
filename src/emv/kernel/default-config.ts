/**
 * A ready configuration for a Chinese merchant terminal (country and currency 0156, terminal type
 * 22: attended, offline with online capability) that takes UnionPay (debit, credit, quasi-credit,
 * electronic cash), Visa and Mastercard, with the TEST CA key of the virtual cards and the
 * schemes' published test CA keys. Terminal action codes are the values commonly configured for
 * these schemes; floor limits are zero for the online-only products and 500.00 otherwise. Copy it
 * and change what your acquirer says.
 */
import { SCHEME_TEST_CA_PUBLIC_KEYS } from '../../crypto/index';
import { TEST_CA_PUBLIC_KEYS } from '../card/index';
import type { ApplicationConfig, KernelConfig } from './config';

const UNIONPAY_TAC = { default: 'DC4000A800', denial: '0010000000', online: 'DC4004F800' };
const VISA_TAC = { default: 'DC4000A800', denial: '0010000000', online: 'DC4004F800' };
const MASTERCARD_TAC = { default: 'FC50ACA000', denial: '0000000000', online: 'FC50BCF800' };
const RANDOM = { threshold: '10000', targetPercent: 0, maxTargetPercent: 0 };

function unionpay(aid: string, name: string, floorLimit: string, contactless: boolean): ApplicationConfig {
  return {
    aid,
    name,
    partialSelection: true,
    applicationVersion: '0030',
    tac: UNIONPAY_TAC,
    floorLimit,
    randomSelection: RANDOM,
    defaultDdol: '9F3704',
    defaultTdol: '9F02065F2A029A039C0195059F3704',
    scheme: 'unionpay',
    ...(contactless ? { contactless: { kernelId: '07', transactionLimit: '100000', floorLimit: '50000', cvmLimit: '30000' } } : {}),
  };
}

/**
 * The default kernel configuration.
 *
 * @example
 * ```ts
 * const outcome = await runContactTransaction(card.transmit, defaultKernelConfig, { amount: 1000n, date: '2026-03-15' }, iface);
 * defaultKernelConfig.terminal.countryCode; // '0156'
 * ```
 */
export const defaultKernelConfig: KernelConfig = {
  terminal: {
    countryCode: '0156',
    currencyCode: '0156',
    currencyExponent: 2,
    // Manual key entry, magnetic stripe, IC with contacts; plaintext PIN for ICC, enciphered PIN
    // online, signature, enciphered PIN offline, no CVM; SDA, DDA, card capture, CDA.
    capabilities: 'E0F8E8',
    additionalCapabilities: '6000F0A001',
    terminalType: '22',
    ifdSerialNumber: 'CW000001',
    merchantCategoryCode: '5411',
    terminalIdentification: '00000001',
    merchantIdentifier: '123456789012345',
    merchantNameAndLocation: 'CARDWIRE TEST SHOP',
    acquirerIdentifier: '12345678',
    cardholderConfirmation: true,
    pinPad: true,
    // EMV mode, contact chip, online PIN, signature (Book C-3 Annex A).
    contactlessTtq: '36000000',
    contactChip: true,
  },
  applications: [
    unionpay('A000000333010101', 'UnionPay Debit', '0', true),
    unionpay('A000000333010102', 'UnionPay Credit', '50000', true),
    unionpay('A000000333010103', 'UnionPay Quasi-credit', '50000', false),
    unionpay('A000000333010106', 'UnionPay Electronic Cash', '50000', false),
    {
      aid: 'A0000000031010',
      name: 'Visa',
      partialSelection: true,
      applicationVersion: '0096',
      tac: VISA_TAC,
      floorLimit: '50000',
      randomSelection: RANDOM,
      defaultDdol: '9F3704',
      defaultTdol: '9F02065F2A029A039C0195059F3704',
      scheme: 'visa',
      contactless: { kernelId: '03', transactionLimit: '100000', floorLimit: '50000', cvmLimit: '30000' },
    },
    {
      aid: 'A0000000041010',
      name: 'Mastercard',
      partialSelection: true,
      applicationVersion: '0002',
      tac: MASTERCARD_TAC,
      floorLimit: '50000',
      randomSelection: RANDOM,
      defaultDdol: '9F3704',
      scheme: 'mastercard',
    },
  ],
  caPublicKeys: [
    ...TEST_CA_PUBLIC_KEYS.map((k) => ({ rid: k.rid, index: k.index, modulus: k.modulus, exponent: k.exponent, expiry: k.expiry })),
    ...SCHEME_TEST_CA_PUBLIC_KEYS.map((k) => ({ rid: k.rid, index: k.index, modulus: k.modulus, exponent: k.exponent })),
  ],
};
