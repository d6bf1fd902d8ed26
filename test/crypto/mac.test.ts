import { createCipheriv } from 'node:crypto';
import { fc, test as fcTest } from '../helpers/prop.js';
import { describe, expect, test } from 'vitest';
import { decodeAscii, encodeAscii, isCardwireError, toHex } from '../../src/core/index';
import type { KeyAlgorithm, MacAlgorithm, MacPadding } from '../../src/crypto/index';
import { createKey, generateMac, padIso9797, verifyMac } from '../../src/crypto/index';
import { backends, fixture, h } from './fixtures';

interface MacVector {
  source: string;
  algorithm: MacAlgorithm;
  padding?: MacPadding;
  keyAlgorithm: KeyAlgorithm;
  key: string;
  data?: string;
  dataAscii?: string;
  length?: number;
  mac?: string;
  macAscii?: string;
}

const vectors = fixture<MacVector>('mac');
const usageFor = (a: MacAlgorithm) => (a === 'hmac-sha256' ? 'M7' : a === 'cmac' ? 'M6' : a === 'iso9797-1-3' || a === 'x9.19' ? 'M3' : 'M1');
const dataOf = (v: MacVector) => (v.dataAscii !== undefined ? encodeAscii(v.dataAscii) : h(v.data ?? ''));

describe.each(backends)('%s backend', (_name, backend) => {
  test.each(vectors.map((v) => [v.source, v] as const))('%s', (_s, v) => {
    const key = createKey(h(v.key), { algorithm: v.keyAlgorithm, usage: usageFor(v.algorithm), backend });
    const options = { algorithm: v.algorithm, ...(v.padding ? { padding: v.padding } : {}), ...(v.length ? { length: v.length } : {}) };
    const mac = generateMac(key, dataOf(v), options);
    if (v.macAscii !== undefined) expect(decodeAscii(mac)).toBe(v.macAscii);
    else expect(toHex(mac)).toBe(v.mac);
    expect(verifyMac(key, dataOf(v), mac, options)).toBe(true);
  });

  test('the UnionPay MAC runs over SM4 with 16-byte blocks and 16 hex characters', () => {
    const key = createKey(h('0123456789ABCDEFFEDCBA9876543210'), { algorithm: 'sm4', usage: 'M1', backend });
    const mac = generateMac(key, h('1234567890ABCDEFABCDEF1234567890AA'), { algorithm: 'unionpay' });
    expect(mac.length).toBe(16);
    expect(decodeAscii(mac)).toMatch(/^[0-9A-F]{16}$/);
  });
});

describe('padding (ISO/IEC 9797-1 §6.3)', () => {
  test.each([
    [1, '', '0000000000000000'],
    [1, '0102', '0102000000000000'],
    [1, '0102030405060708', '0102030405060708'],
    [2, '0102030405060708', '01020304050607088000000000000000'],
    [2, '', '8000000000000000'],
    [3, '0102', '00000000000000100102000000000000'],
  ] as const)('method %d of %s', (method, data, padded) => {
    expect(toHex(padIso9797(h(data), method, 8))).toBe(padded);
  });
});

describe('verification and errors', () => {
  const x919 = createKey(h('0123456789ABCDEFFEDCBA9876543210'), { algorithm: 'tdes', usage: 'M3' });
  const algorithms: MacAlgorithm[] = ['iso9797-1-1', 'iso9797-1-3', 'x9.19', 'cmac', 'unionpay'];

  fcTest.prop([fc.constantFrom(...algorithms), fc.uint8Array({ maxLength: 64 }), fc.nat()])('a MAC verifies and any flipped bit fails', (algorithm, data, bit) => {
    const mac = generateMac(x919, data, { algorithm });
    expect(verifyMac(x919, data, mac, { algorithm })).toBe(true);
    const flipped = mac.slice();
    const i = bit % (flipped.length * 8);
    flipped[i >> 3]! ^= 1 << (i & 7);
    expect(verifyMac(x919, data, flipped, { algorithm })).toBe(false);
    if (data.length > 0) {
      const changed = data.slice();
      changed[bit % data.length]! ^= 0x01;
      expect(verifyMac(x919, changed, mac, { algorithm })).toBe(false);
    }
  });

  test('a MAC of a length no algorithm produces does not verify', () => {
    expect(verifyMac(x919, new Uint8Array(8), new Uint8Array(2), { algorithm: 'x9.19' })).toBe(false);
  });

  test('a PIN key cannot compute a MAC (TR-31 usage)', () => {
    const pinKey = createKey(h('0123456789ABCDEFFEDCBA9876543210'), { algorithm: 'tdes', usage: 'P0' });
    expect(() => generateMac(pinKey, new Uint8Array(8), { algorithm: 'x9.19' })).toThrowError(
      expect.objectContaining({ code: 'KEY_USAGE_MISMATCH', path: 'key' }),
    );
  });

  test.each([
    [{ algorithm: 'x9.19', length: 9 }, 'MAC_LENGTH_INVALID'],
    [{ algorithm: 'x9.19', length: 3 }, 'MAC_LENGTH_INVALID'],
    [{ algorithm: 'iso9797-1-1', padding: 4 }, 'MAC_PADDING_INVALID'],
    [{ algorithm: 'sha' }, 'MAC_ALGORITHM_UNKNOWN'],
    [{ algorithm: 'hmac-sha256' }, 'KEY_ALGORITHM_MISMATCH'],
  ] as const)('%j is %s', (options, code) => {
    expect(() => generateMac(x919, new Uint8Array(8), options as never)).toThrowError(expect.objectContaining({ code }));
  });

  test('the retail MAC needs a two-key TDES key', () => {
    const k3 = createKey(new Uint8Array(24).fill(1), { algorithm: 'tdes', usage: 'M3' });
    expect(() => generateMac(k3, new Uint8Array(8), { algorithm: 'x9.19' })).toThrowError(expect.objectContaining({ code: 'CIPHER_KEY_LENGTH' }));
  });

  fcTest.prop([fc.string(), fc.anything()])('random options only throw CardwireError', (algorithm, length) => {
    try {
      generateMac(x919, new Uint8Array(3), { algorithm: algorithm as MacAlgorithm, length: length as number });
    } catch (e) {
      expect(isCardwireError(e)).toBe(true);
    }
  });
});

describe('MAC algorithm 1 agrees with OpenSSL CBC (the last block) for SM4, AES and TDES keys', () => {
  const names = { sm4: 'sm4-cbc', aes: 'aes-128-cbc', tdes: 'des-ede3-cbc' } as const;
  fcTest.prop([fc.constantFrom<'sm4' | 'aes' | 'tdes'>('sm4', 'aes', 'tdes'), fc.uint8Array({ minLength: 24, maxLength: 24 }), fc.uint8Array({ maxLength: 80 })])(
    'random keys and messages, padding 2',
    (algorithm, keySeed, data) => {
      const keyBytes = keySeed.subarray(0, algorithm === 'tdes' ? 24 : 16);
      const key = createKey(keyBytes, { algorithm, usage: 'M1' });
      const n = algorithm === 'tdes' ? 8 : 16;
      const padded = padIso9797(data, 2, n);
      const c = createCipheriv(names[algorithm], keyBytes, new Uint8Array(n)).setAutoPadding(false);
      const all = Buffer.concat([c.update(padded), c.final()]);
      expect(toHex(generateMac(key, data, { algorithm: 'iso9797-1-1', padding: 2 }))).toBe(toHex(all.subarray(all.length - n)));
    },
  );
});
