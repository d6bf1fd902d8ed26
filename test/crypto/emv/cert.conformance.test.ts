// Conformance: the nine real offline-data-authentication chains of ../shared/fixtures (SDA, DDA,
// CDA; Visa, Mastercard, Maestro, Amex). Skipped when the shared folder is absent.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { hex, isCardwireError, toHex } from '../../../src/core/index';
import {
  CaPublicKeyStore,
  readIccPublicKeyCertificate,
  readIssuerPublicKeyCertificate,
  recoverIccPublicKey,
  recoverIssuerPublicKey,
  verifyCombinedDataAuthentication,
  verifySignedDynamicApplicationData,
  verifySignedStaticApplicationData,
} from '../../../src/crypto/emv/cert';
import { schemeTestCaPublicKeyStore } from '../../../src/crypto/emv/ca-keys';
import { backends } from '../helpers/backends';

const file = new URL('../../../../shared/fixtures/emv/emv-oda-fixtures.json', import.meta.url);
const present = existsSync(file);

interface Header { format: string; issuer_id?: string; pan?: string; expiry_MMYY: string; serial: string; hash_alg: string; pk_alg: string; pk_len: number; pk_exp_len: number }
interface Fixture {
  id: string;
  capk: { rid: string; index: string; modulus: string; exponent: string };
  icc_data?: Record<string, string>;
  records?: Record<string, string[]>;
  static_data_to_authenticate?: string;
  ddol_or_un_data?: string;
  internal_authenticate?: { ddol_data_9F37: string; sdad_9F4B: string };
  generate_ac?: { un_9F37: string; cdol1_data: string; pdol_data: string; response_tlvs_excluding_9F4B_in_order: string; sdad_9F4B?: string; response?: string };
  expected: {
    issuer_cert_recovered_header: Header;
    issuer_cert_hash_ok: boolean;
    issuer_pk_modulus?: string;
    icc_cert_recovered_header?: Header;
    icc_cert_hash_ok?: boolean;
    icc_pk_modulus?: string;
    ssad_hash_ok?: boolean;
    DAC_9F45?: string;
    sdad_hash_ok?: boolean;
    icc_dynamic_data?: string;
    IDN_9F4C?: string;
    CID?: string;
    AC?: string;
    transaction_data_hash?: string;
  };
}

const fixtures: Fixture[] = present ? (JSON.parse(readFileSync(file, 'utf8')) as { fixtures: Fixture[] }).fixtures : [];

/** Minimal BER-TLV walk (test-side) collecting primitive values, descending into constructed ones. */
function collectTlv(bytes: Uint8Array, out: Record<string, string>): void {
  let i = 0;
  while (i < bytes.length) {
    if (bytes[i] === 0x00 || bytes[i] === 0xff) { i++; continue; }
    const start = i;
    const first = bytes[i++]!;
    if ((first & 0x1f) === 0x1f) while (bytes[i++]! & 0x80) { /* more tag bytes */ }
    const tag = toHex(bytes, start, i);
    let len = bytes[i++]!;
    if (len & 0x80) { const n = len & 0x7f; len = 0; for (let k = 0; k < n; k++) len = (len << 8) | bytes[i++]!; }
    const value = bytes.subarray(i, i + len);
    if (first & 0x20) collectTlv(value, out);
    else out[tag] = toHex(value);
    i += len;
  }
}

function iccData(f: Fixture): Record<string, string> {
  if (f.icc_data) return f.icc_data;
  const out: Record<string, string> = {};
  for (const recs of Object.values(f.records ?? {})) for (const r of recs) collectTlv(hex(r), out);
  return out;
}

const optional = (v: string | undefined) => (v && v.length > 0 ? { remainder: hex(v) } : {});
const DATE = new Date('2008-06-01T00:00:00Z');
const checked = { sda: 0, icc: 0, dda: 0, cda: 0, testKeys: 0 };

describe.skipIf(!present).each(backends)('EMV ODA conformance on the %s backend', (_name, backend) => {
  test.each(fixtures.map((f) => [f.id, f] as const))('%s', (_id, f) => {
    const data = iccData(f);
    const capk = { rid: f.capk.rid, index: parseInt(f.capk.index, 16), modulus: hex(f.capk.modulus), exponent: hex(f.capk.exponent) };
    const store = new CaPublicKeyStore([capk]);
    const caKey = store.get(f.capk.rid, capk.index);
    // Chains signed by a scheme test key verify against the shipped test key store as well.
    const testStore = schemeTestCaPublicKeyStore({ backend });
    if (testStore.has(f.capk.rid, capk.index)) {
      expect(toHex(testStore.get(f.capk.rid, capk.index).modulus)).toBe(f.capk.modulus);
      checked.testKeys++;
    }
    const pan = data['5A']!.replace(/F+$/, '');
    const sdta = f.static_data_to_authenticate ? hex(f.static_data_to_authenticate) : undefined;

    const eh = f.expected.issuer_cert_recovered_header;
    const read = readIssuerPublicKeyCertificate(caKey, hex(data['90']!), { exponent: hex(data['9F32']!), ...optional(data['92']) }, { backend });
    expect(read.expiry).toBe(eh.expiry_MMYY);
    expect(read.serialNumber).toBe(eh.serial);
    expect(read.publicKeyLength).toBe(eh.pk_len);
    expect(read.publicKeyExponentLength).toBe(eh.pk_exp_len);
    expect(read.issuerIdentifier).toBe(eh.issuer_id!.replace(/F+$/, ''));
    expect(read.hashValid).toBe(f.expected.issuer_cert_hash_ok);
    if (f.expected.issuer_pk_modulus) expect(toHex(read.publicKey.modulus)).toBe(f.expected.issuer_pk_modulus);

    const issuer = recoverIssuerPublicKey({ caKey, certificate: hex(data['90']!), exponent: hex(data['9F32']!), pan, transactionDate: DATE, ...optional(data['92']) }, { backend });

    if (data['93'] && f.expected.DAC_9F45 && sdta && f.expected.ssad_hash_ok) {
      checked.sda++;
      expect(toHex(verifySignedStaticApplicationData(issuer.publicKey, hex(data['93']), sdta, { backend }).dataAuthenticationCode)).toBe(f.expected.DAC_9F45);
    }

    const ec = f.expected.icc_cert_recovered_header;
    if (!ec || !data['9F46']) return;
    const iccRead = readIccPublicKeyCertificate(issuer.publicKey, hex(data['9F46']), {
      exponent: hex(data['9F47']!),
      ...optional(data['9F48']),
      ...(sdta ? { staticDataToAuthenticate: sdta } : {}),
    }, { backend });
    expect(iccRead.expiry).toBe(ec.expiry_MMYY);
    expect(iccRead.serialNumber).toBe(ec.serial);
    expect(iccRead.publicKeyLength).toBe(ec.pk_len);
    expect(iccRead.pan).toBe(ec.pan!.replace(/F+$/, ''));
    if (f.expected.icc_pk_modulus) expect(toHex(iccRead.publicKey.modulus)).toBe(f.expected.icc_pk_modulus);
    if (f.expected.icc_cert_hash_ok !== undefined) {
      expect(iccRead.hashValid).toBe(f.expected.icc_cert_hash_ok);
      recoverIccPublicKey({ issuerKey: issuer.publicKey, certificate: hex(data['9F46']), exponent: hex(data['9F47']!), staticDataToAuthenticate: sdta!, pan, transactionDate: DATE, ...optional(data['9F48']) }, { backend });
    }
    const iccKey = iccRead.publicKey;
    checked.icc++;

    if (f.internal_authenticate) {
      const dda = verifySignedDynamicApplicationData(iccKey, hex(f.internal_authenticate.sdad_9F4B), hex(f.internal_authenticate.ddol_data_9F37), { backend });
      expect(toHex(dda.iccDynamicData)).toBe(f.expected.icc_dynamic_data);
      expect(toHex(dda.iccDynamicNumber)).toBe(f.expected.IDN_9F4C);
      checked.dda++;
    }
    if (f.ddol_or_un_data && data['9F4B']) {
      const dda = verifySignedDynamicApplicationData(iccKey, hex(data['9F4B']), hex(f.ddol_or_un_data), { backend });
      expect(toHex(dda.iccDynamicData)).toBe(f.expected.icc_dynamic_data);
      checked.dda++;
    }
    const gac = f.generate_ac;
    if (gac && f.expected.AC) {
      let sdad = gac.sdad_9F4B;
      if (!sdad && gac.response) {
        const resp: Record<string, string> = {};
        collectTlv(hex(gac.response).subarray(0, hex(gac.response).length - 2), resp);
        sdad = resp['9F4B'];
      }
      const cda = verifyCombinedDataAuthentication({
        iccKey,
        signedDynamicApplicationData: hex(sdad!),
        unpredictableNumber: hex(gac.un_9F37),
        pdolData: hex(gac.pdol_data),
        cdolData: hex(gac.cdol1_data),
        responseData: hex(gac.response_tlvs_excluding_9F4B_in_order),
        cryptogramInformationData: parseInt(f.expected.CID!, 16),
      }, { backend });
      expect(toHex(cda.applicationCryptogram)).toBe(f.expected.AC);
      expect(toHex(cda.iccDynamicNumber)).toBe(f.expected.IDN_9F4C);
      expect(toHex(cda.transactionDataHashCode)).toBe(f.expected.transaction_data_hash);
      checked.cda++;
    }
  });

  test('the chains cover SDA, ICC certificates, DDA and CDA', () => {
    expect(checked.sda).toBeGreaterThanOrEqual(3);
    expect(checked.icc).toBeGreaterThanOrEqual(7);
    expect(checked.dda).toBeGreaterThanOrEqual(3);
    expect(checked.cda).toBeGreaterThanOrEqual(3);
    expect(checked.testKeys).toBeGreaterThanOrEqual(3);
  });

  test('an expired certificate, a wrong PAN and a tampered certificate are refused with their codes', () => {
    const f = fixtures[0]!;
    const data = iccData(f);
    const caKey = { rid: f.capk.rid, index: 1, modulus: hex(f.capk.modulus), exponent: hex(f.capk.exponent) };
    const base = { caKey, certificate: hex(data['90']!), exponent: hex(data['9F32']!), pan: data['5A']!, transactionDate: DATE, ...optional(data['92']) };
    const codeOf = (fn: () => unknown) => { try { fn(); return 'none'; } catch (e) { return isCardwireError(e) ? e.code : 'other'; } };
    expect(codeOf(() => recoverIssuerPublicKey({ ...base, transactionDate: new Date('2030-01-01') }, { backend }))).toBe('EMV_CERTIFICATE_EXPIRED');
    expect(codeOf(() => recoverIssuerPublicKey({ ...base, pan: '5111111111111111' }, { backend }))).toBe('EMV_CERTIFICATE_ID_MISMATCH');
    const tampered = new Uint8Array(base.certificate);
    tampered[10]! ^= 1;
    expect(codeOf(() => recoverIssuerPublicKey({ ...base, certificate: tampered }, { backend }))).toBe('EMV_CERTIFICATE_RECOVERY_FAILED');
    expect(codeOf(() => recoverIssuerPublicKey({ ...base, exponent: hex('010001') }, { backend }))).not.toBe('none');
    expect(codeOf(() => recoverIssuerPublicKey({ ...base, certificate: base.certificate.subarray(1) }, { backend }))).toBe('EMV_CERTIFICATE_LENGTH_MISMATCH');
  });
});
