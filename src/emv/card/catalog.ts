/**
 * The catalog of ready-made virtual cards: UnionPay debit and credit (PBOC/UICS CVN 01, contact and
 * qPBOC contactless), Visa credit (CVN 18, contact and qVSDC) and Mastercard debit (M/Chip CVN 16,
 * contact only: PayPass / M/Chip contactless is out of scope). The host simulator's default
 * configuration shares these PANs, PAN sequence numbers, expiry dates, PINs and issuer master keys.
 *
 * TEST ONLY: the RSA keys come from src/emv/card/test-card-keys.json (scripts/generate-emv-test-keys.mjs)
 * and are certified by the test CA of test-ca.json, which the kernel's default configuration trusts.
 */
import type { CryptogramVersion } from '../../crypto/index';
import type {
  ApplicationPersonalisation,
  CardKeysPersonalisation,
  ContactlessPersonalisation,
  InterfacePersonalisation,
  RecordPersonalisation,
  VirtualCardPersonalisation,
} from './personalisation';
import testCa from './test-ca.json';
import testKeys from './test-card-keys.json';

/** Ids of the catalog cards. */
export type VirtualCardId = 'up-debit' | 'up-credit' | 'visa-credit' | 'mc-debit';

/**
 * The cryptogram version each catalog card computes its ARQC with, for a host simulator's
 * configuration.
 *
 * @example
 * ```ts
 * virtualCardCryptogramVersions['mc-debit']; // 'mastercard-16'
 * ```
 */
export const virtualCardCryptogramVersions: Readonly<Record<VirtualCardId, CryptogramVersion>> = {
  'up-debit': 'unionpay-01',
  'up-credit': 'unionpay-01',
  'visa-credit': 'visa-18',
  'mc-debit': 'mastercard-16',
};

/**
 * The cryptogram version of a catalog card.
 *
 * @example
 * ```ts
 * cryptogramVersionOfVirtualCard('up-debit'); // 'unionpay-01'
 * ```
 */
export function cryptogramVersionOfVirtualCard(id: VirtualCardId): CryptogramVersion {
  return virtualCardCryptogramVersions[id];
}

/** The test CA public key the catalog cards' issuer certificates are signed under (TEST ONLY). */
export interface TestCaPublicKey {
  readonly rid: string;
  readonly index: number;
  readonly modulus: string;
  readonly exponent: string;
  /** Expiry date, YYYY-MM-DD. */
  readonly expiry: string;
}

/**
 * The test CA public key, once per RID it is registered under (UnionPay, Visa, Mastercard).
 *
 * @example
 * ```ts
 * TEST_CA_PUBLIC_KEYS.map((k) => `${k.rid}/${k.index.toString(16)}`); // ['A000000333/ca', 'A000000003/ca', 'A000000004/ca']
 * ```
 */
export const TEST_CA_PUBLIC_KEYS: readonly TestCaPublicKey[] = testCa.rids.map((rid) => ({
  rid,
  index: testCa.index,
  modulus: testCa.modulus,
  exponent: testCa.exponent,
  expiry: testCa.expiry,
}));

function keysOf(id: VirtualCardId): CardKeysPersonalisation {
  const k = testKeys.cards[id];
  return { caIndex: testCa.index, issuer: k.issuer, icc: k.icc };
}

/** Contact records: track data, the signed ODA record, limits, issuer certificate, SDA / ICC certificate. */
function contactRecords(options: { readonly sda: boolean; readonly ddol: boolean }): RecordPersonalisation[] {
  return [
    { sfi: 1, tags: ['57', '5F20'] },
    { sfi: 2, oda: true, tags: ['5A', '5F24', '5F25', '5F28', '5F34', '9F07', '9F08', '9F0D', '9F0E', '9F0F', '8C', '8D', '8E', '9F42', '9F44', '9F4A', '5F30'] },
    { sfi: 2, tags: options.ddol ? ['9F14', '9F23', '9F49'] : ['9F14', '9F23'] },
    { sfi: 3, tags: ['8F', '9F32', '92', '90'] },
    ...(options.sda ? [{ sfi: 3, tags: ['93'] }] : []),
    { sfi: 4, tags: ['9F46', '9F47', '9F48'] },
  ];
}

/** Contactless records: the signed data, the issuer certificate, the ICC certificate. */
const CONTACTLESS_RECORDS: readonly RecordPersonalisation[] = [
  { sfi: 1, oda: true, tags: ['5A', '5F24', '5F25', '5F28', '5F34', '9F07', '9F08', '9F4A', '9F42'] },
  { sfi: 2, tags: ['8F', '9F32', '92', '90'] },
  { sfi: 3, tags: ['9F46', '9F47', '9F48', '5F20'] },
];

// Book C-3 Annex A / JR/T 0025.12: the PDOL a qVSDC or qPBOC card asks for.
const CONTACTLESS_PDOL = '9F66049F02069F03069F1A0295055F2A029A039C019F3704';

function contactless(mode: 'qvsdc' | 'qpboc', extra: Partial<ContactlessPersonalisation> = {}): ContactlessPersonalisation {
  return { mode, aip: '2000', pdol: CONTACTLESS_PDOL, gpoFormat: 2, records: CONTACTLESS_RECORDS, offlineLimit: '50000', ctq: '0000', ...extra };
}

// Issuer action codes: decline on "service not allowed"; online (or, when the host cannot be
// reached, decline) on failed ODA, expiry, failed cardholder verification, PIN try limit, online
// PIN, floor limit, velocity and random selection (the usual issuer choices).
const ACTION_CODES = { '9F0D': 'DC40A0A800', '9F0E': '0010000000', '9F0F': 'DC40A4F800' };

const UNIONPAY_DATA = {
  ...ACTION_CODES,
  '5F28': '0156',
  '9F42': '0156',
  '9F44': '02',
  '9F07': 'FF00',
  '9F08': '0030',
  '9F11': '01',
  '9F14': '05',
  '9F23': '0A',
  '9F4A': '82',
  '9F49': '9F3704',
  '9F45': 'DAC1',
  // PBOC CDOL1 with transaction time and merchant name; CDOL2 without 91 (EXTERNAL AUTHENTICATE).
  '8C': '9F02069F03069F1A0295055F2A029A039C019F37049F21039F4E14',
  '8D': '8A029F02069F03069F1A0295055F2A029A039C019F3704',
};

function unionpay(
  id: 'up-debit' | 'up-credit',
  fields: Pick<ApplicationPersonalisation, 'aid' | 'label' | 'preferredName' | 'pan' | 'panSequenceNumber' | 'cardholderName'>,
  options: { readonly aip: string; readonly cvmList: string; readonly pdol?: string; readonly imks: ApplicationPersonalisation['cryptogram']['issuerMasterKeys'] },
): ApplicationPersonalisation {
  const contact: InterfacePersonalisation = { aip: options.aip, gpoFormat: 1, records: contactRecords({ sda: true, ddol: true }), ...(options.pdol ? { pdol: options.pdol } : {}) };
  return {
    ...fields,
    priority: 1,
    languagePreference: 'zhen',
    kernelIdentifier: '07',
    expiry: '301231',
    effective: '200101',
    track2Discretionary: '0000000000',
    data: { ...UNIONPAY_DATA, '8E': options.cvmList },
    contact,
    contactless: contactless('qpboc', { onlinePinWhenCvmRequired: true }),
    cryptogram: { cvn: 'unionpay-01', derivationKeyIndex: 1, issuerMasterKeys: options.imks, scriptMacLength: 4 },
    keys: keysOf(id),
    internalAuthenticateFormat: 1,
    counters: { atc: 0x10, lastOnlineAtc: 0x0e },
  };
}

/**
 * The catalog, by id. Each is JSON-able data: copy and change it to personalise another card.
 *
 * @example
 * ```ts
 * const card = new VirtualCard(virtualCards['up-debit']);
 * virtualCards['up-debit'].applications[0].pan; // '6225880000000027'
 * ```
 */
export const virtualCards: Readonly<Record<VirtualCardId, VirtualCardPersonalisation>> = /* @__PURE__ */ catalog();

// A function, so that bundles which only need the test CA key (the kernel's default
// configuration) drop the cards and their private keys.
function catalog(): Record<VirtualCardId, VirtualCardPersonalisation> {
  return {
    'up-debit': {
      id: 'up-debit',
      description: 'UnionPay debit (PBOC/UICS CVN 01), DDA, contact + qPBOC; online PIN, no CVM under 300.00 CNY',
      pin: '123456',
      applications: [
        unionpay(
          'up-debit',
          { aid: 'A000000333010101', label: 'UnionPay Debit', preferredName: 'UnionPay Debit', pan: '6225880000000027', panSequenceNumber: '01', cardholderName: 'ZHANG/SAN' },
          {
            aip: '7C00',
            // X = 300.00: no CVM under X, else online PIN (fail cardholder verification if it fails).
            cvmList: '00007530000000001F060203',
            imks: { ac: '2CB3F2A7C4E1D3B52A9E8F1D6C7B5A43', smi: '5D1F3C7A9B2E4D6F8A1C3E5B7D9F2A4C', smc: '7E5C3A1F9D7B5E3C1A9F7D5B3E1C9A7F' },
          },
        ),
      ],
    },
    'up-credit': {
      id: 'up-credit',
      description: 'UnionPay credit (PBOC/UICS CVN 01), CDA, contact (with a PDOL) + qPBOC; online PIN or signature',
      pin: '123456',
      applications: [
        unionpay(
          'up-credit',
          { aid: 'A000000333010102', label: 'UnionPay Credit', preferredName: 'UnionPay Credit', pan: '6258070000000017', panSequenceNumber: '00', cardholderName: 'LI/SI' },
          {
            aip: '7D00',
            pdol: '9F1A029F3501',
            cvmList: '00007530000000001F0642031E031F03',
            imks: { ac: '4A6C8E1B3D5F7A9C2E4B6D8F1A3C5E7B', smi: '6B8D1F3A5C7E9B2D4F6A8C1E3B5D7F9A', smc: '8C1E3B5D7F9A2C4E6B8D1F3A5C7E9B2D' },
          },
        ),
      ],
    },
    'visa-credit': {
      id: 'visa-credit',
      description: 'Visa credit (VIS CVN 18), DDA, contact + qVSDC; offline enciphered or plaintext PIN, online PIN, signature',
      pin: '1234',
      applications: [
        {
          aid: 'A0000000031010',
          label: 'VISA CREDIT',
          preferredName: 'Visa Credit',
          priority: 1,
          languagePreference: 'en',
          kernelIdentifier: '03',
          pan: '4761739001010010',
          panSequenceNumber: '01',
          expiry: '301231',
          effective: '200101',
          cardholderName: 'CARDHOLDER/VISA',
          track2Discretionary: '0000000000',
          data: {
            ...ACTION_CODES,
            '5F28': '0840',
            '9F42': '0840',
            '9F44': '02',
            '9F07': 'FF00',
            '9F08': '0096',
            '9F14': '03',
            '9F23': '05',
            '9F4A': '82',
            '9F49': '9F3704',
            '9F45': 'DAC2',
            '8C': '9F02069F03069F1A0295055F2A029A039C019F3704',
            '8D': '8A029F02069F03069F1A0295055F2A029A039C019F3704',
            '8E': '00000000000000004403410342031E031F03',
          },
          contact: { aip: '7C00', gpoFormat: 1, records: contactRecords({ sda: true, ddol: true }) },
          contactless: contactless('qvsdc'),
          cryptogram: {
            cvn: 'visa-18',
            derivationKeyIndex: 1,
            issuerMasterKeys: { ac: '9D2F4A6C8E1B3D5F7A9C2E4B6D8F1A3C', smi: '1A3C5E7B9D2F4A6C8E1B3D5F7A9C2E4B', smc: '3C5E7B9D2F4A6C8E1B3D5F7A9C2E4B6D' },
          },
          keys: keysOf('visa-credit'),
          counters: { atc: 0x10, lastOnlineAtc: 0x0e },
        },
      ],
    },
    'mc-debit': {
      id: 'mc-debit',
      description: 'Mastercard debit (M/Chip CVN 16), CDA, contact only; online PIN, signature; issuer authentication in the second GENERATE AC',
      pin: '1234',
      applications: [
        {
          aid: 'A0000000041010',
          label: 'Debit Mastercard',
          preferredName: 'Debit Mastercard',
          priority: 1,
          languagePreference: 'en',
          pan: '5413330000000019',
          panSequenceNumber: '00',
          expiry: '301231',
          effective: '200101',
          cardholderName: 'CARDHOLDER/MC',
          track2Discretionary: '0000000000',
          data: {
            ...ACTION_CODES,
            '5F28': '0840',
            '9F42': '0840',
            '9F44': '02',
            '9F07': 'FF00',
            '9F08': '0002',
            '9F14': '03',
            '9F23': '05',
            '9F4A': '82',
            '9F45': 'DAC3',
            '8C': '9F02069F03069F1A0295055F2A029A039C019F37049F35019F45029F4C089F3403',
            '8D': '910A8A0295059F37049F4C08',
            '8E': '000000000000000042035E031F03',
          },
          contact: { aip: '3900', gpoFormat: 2, records: contactRecords({ sda: false, ddol: false }) },
          cryptogram: {
            cvn: 'mastercard-16',
            derivationKeyIndex: 1,
            issuerMasterKeys: { ac: '5F7A9C2E4B6D8F1A3C5E7B9D2F4A6C8E', smi: '7B9D2F4A6C8E1B3D5F7A9C2E4B6D8F1A', smc: '9A2C4E6B8D1F3A5C7E9B2D4F6A8C1E3B' },
          },
          keys: keysOf('mc-debit'),
          counters: { atc: 0x10, lastOnlineAtc: 0x0e },
        },
      ],
    },
  };
}
