import { describe, expect, test } from 'vitest';
import { hex, isCardwireError } from '../../src/core/index';
import {
  generateCvv,
  generateDcvv,
  generateIbm3624Offset,
  generateVisaPvv,
  ibm3624PinFromOffset,
  verifyCvv,
  verifyIbm3624Offset,
  verifyVisaPvv,
} from '../../src/crypto/card-security';
import vectors from '../../fixtures/crypto/card-security.json';
import { createKey } from '../../src/crypto/keys/key';
import { backends } from './helpers/backends';

function code(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return isCardwireError(e) ? `${e.code}@${e.path}` : `not a CardwireError: ${String(e)}`;
  }
  return 'no error';
}

describe.each(backends)('card security on the %s backend', (_name, backend) => {
  test.each(vectors.cvv)('CVV: $name', (v) => {
    const input = { cvk: hex(v.cvk), pan: v.pan, expiry: v.expiry, serviceCode: v.serviceCode, length: v.length };
    expect(generateCvv(input, { backend })).toBe(v.cvv);
    expect(verifyCvv(input, v.cvv, { backend })).toBe(true);
    const wrong = v.cvv.replace(/^./, (c) => String((Number(c) + 1) % 10));
    expect(verifyCvv(input, wrong, { backend })).toBe(false);
  });

  test('CVV2 and iCVV are the CVV algorithm with service codes 000 and 999', () => {
    const v = vectors.cvv[0]!;
    const base = { cvk: hex(v.cvk), pan: v.pan, expiry: v.expiry };
    const cvv2 = generateCvv({ ...base, serviceCode: '000' }, { backend });
    const icvv = generateCvv({ ...base, serviceCode: '999' }, { backend });
    expect(cvv2).toMatch(/^\d{3}$/);
    expect(icvv).toMatch(/^\d{3}$/);
    expect(generateCvv({ ...base, serviceCode: v.serviceCode }, { backend })).toBe(v.cvv);
  });

  test('dCVV puts the ATC digits in place of the first four PAN digits', () => {
    const udk = hex('99999999999999998888888888888888');
    // With PAN 22222222…, ATC '2222' and service code 111 the dCVV data equals the CVV vector's data.
    expect(generateDcvv({ udk, pan: '2222222222222222', expiry: '3333', atc: '2222', serviceCode: '111' }, { backend })).toBe('361');
    expect(code(() => generateDcvv({ udk, pan: '2222222222222222', expiry: '3333', atc: '22' }, { backend }))).toBe('CARD_SECURITY_INPUT_INVALID@atc');
  });

  test.each(vectors.visaPvv)('Visa PVV: PVKI $pvki PAN $pan → $pvv', (v) => {
    const input = { pvk: hex(v.pvk), pvki: v.pvki, pin: v.pin, pan: v.pan };
    expect(generateVisaPvv(input, { backend })).toBe(v.pvv);
    expect(verifyVisaPvv(input, v.pvv, { backend })).toBe(true);
    expect(verifyVisaPvv({ ...input, pin: v.pin === '0000' ? '0001' : '0000' }, v.pvv, { backend })).toBe(false);
  });

  test.each(vectors.ibm3624)('IBM 3624: PIN $pin ↔ offset $offset (validation data $validationDataOffset/$validationDataLength pad $pad)', (v) => {
    const params = {
      pvk: hex(v.pvk),
      decimalisationTable: v.decimalisationTable,
      pan: v.pan,
      validationDataOffset: v.validationDataOffset,
      validationDataLength: v.validationDataLength,
      pad: v.pad,
    };
    expect(generateIbm3624Offset(params, v.pin, { backend })).toBe(v.offset);
    expect(ibm3624PinFromOffset(params, v.offset, { backend })).toBe(v.pin);
    expect(verifyIbm3624Offset(params, v.pin, v.offset, { backend })).toBe(true);
    expect(verifyIbm3624Offset(params, v.pin === '9999' ? '9998' : '9999', v.offset, { backend })).toBe(false);
  });
});

describe('card security input errors', () => {
  const backend = backends[0]![1];
  const cvk = hex('99999999999999998888888888888888');
  test.each([
    [() => generateCvv({ cvk: cvk.subarray(0, 8), pan: '2222222222222222', expiry: '3333', serviceCode: '111' }, { backend }), 'CARD_SECURITY_INPUT_INVALID@cvk'],
    [() => generateCvv({ cvk, pan: '22222222222222222222', expiry: '3333', serviceCode: '111' }, { backend }), 'CARD_SECURITY_INPUT_INVALID@pan'],
    [() => generateCvv({ cvk, pan: '222222222222222A', expiry: '3333', serviceCode: '111' }, { backend }), 'CARD_SECURITY_INPUT_INVALID@pan'],
    [() => generateCvv({ cvk, pan: '2222222222222222', expiry: '333', serviceCode: '111' }, { backend }), 'CARD_SECURITY_INPUT_INVALID@expiry'],
    [() => generateCvv({ cvk, pan: '2222222222222222', expiry: '3333', serviceCode: '11' }, { backend }), 'CARD_SECURITY_INPUT_INVALID@serviceCode'],
    [() => generateVisaPvv({ pvk: cvk, pvki: 'A', pin: '1234', pan: '1122334455667788' }, { backend }), 'CARD_SECURITY_INPUT_INVALID@pvki'],
    [() => generateVisaPvv({ pvk: cvk, pvki: '1', pin: '123', pan: '1122334455667788' }, { backend }), 'CARD_SECURITY_INPUT_INVALID@pin'],
    [() => generateVisaPvv({ pvk: cvk, pvki: '1', pin: '1234', pan: '11223344556' }, { backend }), 'CARD_SECURITY_INPUT_INVALID@pan'],
    [() => generateIbm3624Offset({ pvk: cvk, decimalisationTable: '123456789012345', pan: '1122334455667788' }, '1234', { backend }), 'CARD_SECURITY_INPUT_INVALID@decimalisationTable'],
    [() => generateIbm3624Offset({ pvk: cvk, decimalisationTable: '1234567890123456', pan: '1122334455667788', validationDataOffset: 1, validationDataLength: 16 }, '1234', { backend }), 'CARD_SECURITY_INPUT_INVALID@validationDataOffset'],
    [() => generateIbm3624Offset({ pvk: cvk, decimalisationTable: '1234567890123456', pan: '1122334455667788', pad: 'X' }, '1234', { backend }), 'CARD_SECURITY_INPUT_INVALID@pad'],
    [() => generateIbm3624Offset({ pvk: cvk.subarray(0, 4), decimalisationTable: '1234567890123456', pan: '1122334455667788' }, '1234', { backend }), 'CARD_SECURITY_INPUT_INVALID@pvk'],
  ])('%#', (f, expected) => {
    expect(code(f)).toBe(expected);
  });

  test('error messages do not contain the PAN', () => {
    try {
      generateCvv({ cvk, pan: '2222222222222222', expiry: '33X3', serviceCode: '111' }, { backend });
    } catch (e) {
      expect(String(e)).not.toContain('2222222222222222');
    }
    expect.assertions(1);
  });
});

describe('card security with opaque keys', () => {
  test('a SecretKey of the right usage works, one of another usage is refused', () => {
    const v = vectors.cvv[0]!;
    const cvk = createKey(hex(v.cvk), { algorithm: 'tdes', usage: 'C0' });
    expect(generateCvv({ cvk, pan: v.pan, expiry: v.expiry, serviceCode: v.serviceCode })).toBe(v.cvv);
    const pvk = createKey(hex(v.cvk), { algorithm: 'tdes', usage: 'V2' });
    expect(code(() => generateCvv({ cvk: pvk, pan: v.pan, expiry: v.expiry, serviceCode: v.serviceCode }))).toBe('KEY_USAGE_MISMATCH@cvk');
    const p = vectors.visaPvv[0]!;
    expect(generateVisaPvv({ pvk: createKey(hex(p.pvk), { algorithm: 'tdes', usage: 'V2' }), pvki: p.pvki, pin: p.pin, pan: p.pan })).toBe(p.pvv);
    expect(code(() => generateVisaPvv({ pvk: createKey(hex(p.pvk), { algorithm: 'tdes', usage: 'C0' }), pvki: p.pvki, pin: p.pin, pan: p.pan }))).toBe('KEY_USAGE_MISMATCH@pvk');
    expect(code(() => generateIbm3624Offset({ pvk: createKey(hex(p.pvk), { algorithm: 'tdes', usage: 'V2' }), decimalisationTable: '1234567890123456', pan: p.pan }, '1234'))).toBe('KEY_USAGE_MISMATCH@pvk');
  });

  test('a SecretKey keeps its prepared cipher: every vector twice under one key object gives the vector, a destroyed key is refused', () => {
    for (const v of vectors.cvv) {
      const cvk = createKey(hex(v.cvk), { algorithm: 'tdes', usage: 'C0' });
      for (let i = 0; i < 2; i++) expect(generateCvv({ cvk, pan: v.pan, expiry: v.expiry, serviceCode: v.serviceCode, length: v.length })).toBe(v.cvv);
      cvk.destroy();
      expect(code(() => generateCvv({ cvk, pan: v.pan, expiry: v.expiry, serviceCode: v.serviceCode }))).toBe('CIPHER_DESTROYED@');
    }
    for (const p of vectors.visaPvv) {
      const pvk = createKey(hex(p.pvk), { algorithm: 'tdes', usage: 'V2' });
      for (let i = 0; i < 2; i++) expect(generateVisaPvv({ pvk, pvki: p.pvki, pin: p.pin, pan: p.pan })).toBe(p.pvv);
    }
    for (const v of vectors.ibm3624) {
      const pvk = createKey(hex(v.pvk), { algorithm: hex(v.pvk).length === 8 ? 'des' : 'tdes', usage: 'V1' });
      const params = { pvk, decimalisationTable: v.decimalisationTable, pan: v.pan, validationDataOffset: v.validationDataOffset, validationDataLength: v.validationDataLength, pad: v.pad };
      for (let i = 0; i < 2; i++) {
        expect(generateIbm3624Offset(params, v.pin)).toBe(v.offset);
        expect(verifyIbm3624Offset(params, v.pin, v.offset)).toBe(true);
      }
    }
  });
});
