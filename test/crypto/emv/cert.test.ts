// EMV certificate processing: store behaviour, and random data into every recovery function only
// ever throws CardwireError. With exponent 1 and an all-FF modulus the RSA operation is the
// identity, so the fuzzed bytes reach the field parsing behind the 6A…BC frame.
import { fc, test as fcTest } from '../../helpers/prop.js';
import { describe, expect, test } from 'vitest';
import { hex, isCardwireError, toHex } from '../../../src/core/index';
import { SCHEME_TEST_CA_PUBLIC_KEYS, caPublicKeyChecksum, schemeTestCaPublicKeyStore } from '../../../src/crypto/emv/ca-keys';
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
import { backends } from '../helpers/backends';

describe('CaPublicKeyStore', () => {
  test('finds keys by RID and index and names a missing one with EMV_CA_KEY_UNKNOWN', () => {
    const store = new CaPublicKeyStore([{ rid: 'A000000003', index: 0x94, modulus: new Uint8Array(248).fill(0xff), exponent: hex('03') }]);
    expect(store.has('a000000003', 0x94)).toBe(true);
    expect(store.size).toBe(1);
    try {
      store.get('A000000004', 0xef);
      expect.unreachable();
    } catch (e) {
      expect(isCardwireError(e) && e.code).toBe('EMV_CA_KEY_UNKNOWN');
    }
    expect(() => store.add({ rid: 'A0', index: 1, modulus: new Uint8Array(128), exponent: hex('03') })).toThrow(/EMV_CERTIFICATE_INPUT_INVALID/);
  });
});

describe.each(backends)('EMV certificate parsers on the %s backend', (_name, backend) => {
  const o = { backend };
  const framed = fc
    .tuple(fc.integer({ min: 64, max: 160 }), fc.constantFrom(0x02, 0x03, 0x04, 0x05, 0x6a), fc.uint8Array({ minLength: 160, maxLength: 160 }), fc.boolean())
    .map(([n, format, body, frame]) => {
      const x = body.slice(0, n);
      if (frame) {
        x[0] = 0x6a;
        x[1] = format;
        x[n - 1] = 0xbc;
      }
      return x;
    });

  fcTest.prop([framed, fc.uint8Array({ maxLength: 40 }), fc.uint8Array({ maxLength: 3 })])('random data only throws CardwireError', (x, extra, exponent) => {
    const key = { modulus: new Uint8Array(x.length).fill(0xff), exponent: hex('01') };
    const date = new Date('2020-01-01T00:00:00Z');
    const calls: Array<() => unknown> = [
      () => readIssuerPublicKeyCertificate(key, x, { exponent, remainder: extra }, o),
      () => recoverIssuerPublicKey({ caKey: { ...key, rid: 'A000000003', index: 1 }, certificate: x, remainder: extra, exponent, pan: '4761739001010010', transactionDate: date }, o),
      () => readIccPublicKeyCertificate(key, x, { exponent, remainder: extra, staticDataToAuthenticate: extra }, o),
      () => recoverIccPublicKey({ issuerKey: key, certificate: x, exponent, staticDataToAuthenticate: extra, pan: '4761739001010010', transactionDate: date }, o),
      () => verifySignedStaticApplicationData(key, x, extra, o),
      () => verifySignedDynamicApplicationData(key, x, extra, o),
      () => verifyCombinedDataAuthentication({ iccKey: key, signedDynamicApplicationData: x, unpredictableNumber: extra, pdolData: extra, cdolData: extra, responseData: extra }, o),
      () => readIssuerPublicKeyCertificate(key, x.subarray(1), { exponent }, o),
    ];
    for (const call of calls) {
      try {
        call();
      } catch (e) {
        if (!isCardwireError(e)) throw e;
      }
    }
  });
});

describe.each(backends)('scheme test CA public keys on the %s backend', (_name, backend) => {
  test('every key matches the checksum the scheme publishes', () => {
    expect(SCHEME_TEST_CA_PUBLIC_KEYS.length).toBeGreaterThanOrEqual(8);
    for (const k of SCHEME_TEST_CA_PUBLIC_KEYS) {
      expect(toHex(caPublicKeyChecksum({ rid: k.rid, index: k.index, modulus: hex(k.modulus), exponent: hex(k.exponent) }, { backend }))).toBe(k.checksum);
    }
    const store = schemeTestCaPublicKeyStore({ backend });
    expect(store.has('A000000003', 0x94)).toBe(true);
    expect(store.has('A000000004', 0xef)).toBe(true);
  });
});
