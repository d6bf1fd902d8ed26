import { inspect } from 'node:util';
import { describe, expect, test } from 'vitest';
import { toHex } from '../../src/core/index';
import type { KcvMethod, KeyAlgorithm } from '../../src/crypto/index';
import { adjustParity, combineKeyComponents, createKey, hasOddParity, keyCheckValue, keyFromHex, keyVariant, cmac } from '../../src/crypto/index';
import { keyBytes, keyCipher } from '../../src/crypto/keys/key';
import { backends, fixture, h } from './fixtures';

interface KcvVector {
  source: string;
  algorithm: KeyAlgorithm;
  key: string;
  method: KcvMethod;
  length: number;
  kcv: string;
}

describe.each(backends)('%s backend: key check values', (_name, backend) => {
  test.each(fixture<KcvVector>('kcv').map((v) => [v.source, v] as const))('%s', (_s, v) => {
    const key = createKey(h(v.key), { algorithm: v.algorithm, usage: 'K0', backend });
    expect(toHex(keyCheckValue(key, { method: v.method, length: v.length }))).toBe(v.kcv);
  });

  test('an AES key defaults to the CMAC-of-zeros KCV (X9.24-1:2017), TDES to ECB of zeros', () => {
    const aes = createKey(h('2B7E151628AED2A6ABF7158809CF4F3C'), { algorithm: 'aes', usage: 'M6', backend });
    expect(aes.kcv).toBe(toHex(cmac(aes, new Uint8Array(16)).slice(0, 5)));
    expect(() => keyCheckValue(aes, { length: 17 })).toThrowError(expect.objectContaining({ code: 'KCV_LENGTH_INVALID' }));
    const tdes = createKey(h('0123456789ABCDEFFEDCBA9876543210'), { algorithm: 'tdes', usage: 'B0', backend });
    expect(tdes.kcv).toBe('08D7B4');
  });
});

describe('secret keys', () => {
  const bdkHex = '0123456789ABCDEFFEDCBA9876543210';

  test('never print their bytes', () => {
    const k = keyFromHex(bdkHex, { algorithm: 'tdes', usage: 'B0' });
    const shown = [String(k), JSON.stringify(k), inspect(k), inspect({ nested: k }), `${k}`];
    for (const s of shown) {
      expect(s).not.toContain('0123456789');
      expect(s.toUpperCase()).not.toContain('FEDCBA');
    }
    expect(String(k)).toBe('SecretKey(tdes, 16 bytes, B0, KCV 08D7B4)');
    expect(JSON.parse(JSON.stringify(k))).toEqual({ algorithm: 'tdes', length: 16, usage: 'B0', kcv: '08D7B4' });
  });

  test('destroy() zeroises the bytes and makes every use fail', () => {
    const k = keyFromHex(bdkHex, { algorithm: 'tdes', usage: 'B0' });
    const inner = keyBytes(k);
    keyCipher(k);
    k.destroy();
    expect([...inner].every((b) => b === 0)).toBe(true);
    expect(k.destroyed).toBe(true);
    expect(() => keyCipher(k)).toThrowError(expect.objectContaining({ code: 'CIPHER_DESTROYED' }));
    expect(() => keyBytes(k)).toThrowError(expect.objectContaining({ code: 'CIPHER_DESTROYED' }));
    expect(String(k)).toBe('SecretKey(tdes, 16 bytes, B0, destroyed)');
  });

  test('the caller may wipe its own array after createKey', () => {
    const raw = h(bdkHex);
    const k = createKey(raw, { algorithm: 'tdes', usage: 'B0' });
    raw.fill(0);
    expect(k.kcv).toBe('08D7B4');
  });

  test('parity: check rejects even parity, adjust fixes it (FIPS 46-3 odd parity)', () => {
    expect(hasOddParity(h('0123456789ABCDEF'))).toBe(true);
    expect(hasOddParity(h('0123456789ABCDEE'))).toBe(false);
    expect(toHex(adjustParity(h('0000000000000000')))).toBe('0101010101010101');
    expect(hasOddParity(adjustParity(h('0123456789ABCDEFFEDCBA9876543210')))).toBe(true);
    expect(() => createKey(h('0000000000000000'), { algorithm: 'des', usage: 'M1', parity: 'check' })).toThrowError(
      expect.objectContaining({ code: 'KEY_PARITY_ERROR', path: 'key' }),
    );
    const adjusted = createKey(h('0000000000000000'), { algorithm: 'des', usage: 'M1', parity: 'adjust' });
    expect(toHex(keyBytes(adjusted))).toBe('0101010101010101');
  });

  test('wrong lengths and unknown usages are CardwireErrors', () => {
    expect(() => createKey(new Uint8Array(15), { algorithm: 'tdes', usage: 'P0' })).toThrowError(expect.objectContaining({ code: 'CIPHER_KEY_LENGTH' }));
    expect(() => createKey(new Uint8Array(16), { algorithm: 'tdes', usage: 'Z9' as never })).toThrowError(expect.objectContaining({ code: 'KEY_USAGE_UNKNOWN' }));
    expect(() => createKey(new Uint8Array(0), { algorithm: 'hmac', usage: 'M7' })).toThrowError(expect.objectContaining({ code: 'CIPHER_KEY_LENGTH' }));
  });

  test('clear components combine by XOR, each checked against its KCV', () => {
    // Two components whose XOR is the X9.24-1 test BDK (KCV 08D7B4).
    const c1 = h('1111111111111111 2222222222222222'.replace(' ', ''));
    const c2 = h('1032547698BADCFE DCFE98BA54761032'.replace(' ', ''));
    const c1Kcv = keyCheckValue(createKey(c1, { algorithm: 'tdes', usage: 'K0' }));
    const key = combineKeyComponents([{ bytes: c1, kcv: c1Kcv }, { bytes: c2 }], { algorithm: 'tdes', usage: 'B0', kcv: h('08D7B4') });
    expect(key.kcv).toBe('08D7B4');
    expect(() => combineKeyComponents([{ bytes: c1, kcv: h('000000') }, { bytes: c2 }], { algorithm: 'tdes', usage: 'B0' })).toThrowError(
      expect.objectContaining({ code: 'KEY_COMPONENT_KCV_MISMATCH', path: 'components[0].kcv' }),
    );
    expect(() => combineKeyComponents([{ bytes: c1 }, { bytes: c2 }], { algorithm: 'tdes', usage: 'B0', kcv: h('08D7B5') })).toThrowError(
      expect.objectContaining({ code: 'KEY_COMPONENT_KCV_MISMATCH', path: 'kcv' }),
    );
    expect(() => combineKeyComponents([{ bytes: c1 }, { bytes: c2.subarray(0, 8) }], { algorithm: 'tdes', usage: 'B0' })).toThrowError(
      expect.objectContaining({ code: 'KEY_COMPONENT_LENGTH', path: 'components[1]' }),
    );
    expect(() => combineKeyComponents([{ bytes: c1 }], { algorithm: 'tdes', usage: 'B0' })).toThrowError(expect.objectContaining({ code: 'KEY_COMPONENT_COUNT' }));
  });

  test('key variants XOR a mask (X9.24-1 PIN variant of the E00001 current key)', () => {
    const current = keyFromHex('042666B49184CFA368DE9628D0397BC9', { algorithm: 'tdes', usage: 'B1' });
    const pin = keyVariant(current, h('00000000000000FF00000000000000FF'), { usage: 'P0' });
    expect(toHex(keyBytes(pin))).toBe('042666B49184CF5C68DE9628D0397B36');
    expect(pin.usage).toBe('P0');
    expect(() => keyVariant(current, h('FF'), { usage: 'P0' })).toThrowError(expect.objectContaining({ code: 'KEY_VARIANT_LENGTH' }));
  });
});

test('a key offers no raw cipher: its usage is the only way to use it', () => {
  const k = keyFromHex('0123456789ABCDEFFEDCBA9876543210', { algorithm: 'tdes', usage: 'K0' });
  expect(Object.keys(k).sort()).toEqual(['algorithm', 'backend', 'length', 'usage']);
  expect((k as unknown as Record<string, unknown>)['cipher']).toBeUndefined();
});
