import { fc, test as fcTest } from '../helpers/prop.js';
import { describe, expect, test } from 'vitest';
import { encodeAscii, isCardwireError, toHex } from '../../src/core/index';
import type { BlockCipherAlgorithm, BlockCipherMode, HashAlgorithm } from '../../src/crypto/index';
import { defaultBackend, pureBackend, setDefaultBackend } from '../../src/crypto/index';
import { backends, fixture, h } from './fixtures';

interface CipherVector {
  source: string;
  algorithm: BlockCipherAlgorithm;
  mode: BlockCipherMode;
  key: string;
  iv?: string;
  plaintext: string;
  ciphertext: string;
}
interface HashVector {
  source: string;
  algorithm: HashAlgorithm;
  messageAscii: string;
  digest: string;
}
interface RsaVector {
  source: string;
  modulus: string;
  exponent: string;
  input: string;
  output: string;
}
interface IteratedVector {
  source: string;
  key: string;
  plaintext: string;
  iterations: number;
  ciphertext: string;
}

const ciphers = fixture<CipherVector>('block-ciphers');
const hashes = fixture<HashVector>('hashes');
const rsa = fixture<RsaVector>('rsa');
const iterated = fixture<IteratedVector>('sm4-iterated');

describe.each(backends)('%s backend', (_name, backend) => {
  test.each(ciphers.map((v) => [v.source, v] as const))('%s', (_source, v) => {
    const c = backend.cipher(v.algorithm, h(v.key));
    const iv = v.iv === undefined ? undefined : h(v.iv);
    expect(toHex(c.encrypt(h(v.plaintext), v.mode, iv))).toBe(toHex(h(v.ciphertext)));
    expect(toHex(c.decrypt(h(v.ciphertext), v.mode, iv))).toBe(toHex(h(v.plaintext)));
  });

  test('2-key TDEA is K1K2K1 and single DES equals TDEA with K1=K2=K3 (SP 800-67 §3.1 keying options)', () => {
    const v = ciphers.find((x) => x.algorithm === 'tdes')!;
    const k = h(v.key);
    const k1k2k1 = Uint8Array.of(...k.subarray(0, 16), ...k.subarray(0, 8));
    const pt = h(v.plaintext);
    expect(toHex(backend.cipher('tdes', k.subarray(0, 16)).encrypt(pt))).toBe(toHex(backend.cipher('tdes', k1k2k1).encrypt(pt)));
    const des = ciphers.find((x) => x.algorithm === 'des')!;
    const kd = h(des.key);
    expect(toHex(backend.cipher('tdes', Uint8Array.of(...kd, ...kd, ...kd)).encrypt(h(des.plaintext)))).toBe(toHex(h(des.ciphertext)));
  });

  test.each(hashes.map((v) => [v.source, v] as const))('%s', (_source, v) => {
    expect(toHex(backend.hash(v.algorithm, encodeAscii(v.messageAscii)))).toBe(v.digest);
  });

  test.each(rsa.map((v) => [v.source, v] as const))('RSA: %s', (_source, v) => {
    expect(toHex(backend.rsaPublic(h(v.modulus), h(v.exponent), h(v.input)))).toBe(v.output);
  });

  test.each(iterated.map((v) => [v.source, v] as const))('%s', (_source, v) => {
    const c = backend.cipher('sm4', h(v.key));
    let block = h(v.plaintext);
    for (let i = 0; i < v.iterations; i++) block = c.encrypt(block);
    expect(toHex(block)).toBe(v.ciphertext);
  });

  test('randomBytes returns the requested length', () => {
    expect(backend.randomBytes(0).length).toBe(0);
    expect(backend.randomBytes(70000).length).toBe(70000);
  });

  test.each([
    ['des', 7],
    ['des', 16],
    ['tdes', 8],
    ['tdes', 32],
    ['aes', 8],
    ['sm4', 24],
  ] as const)('%s with a %d-byte key is CIPHER_KEY_LENGTH', (algorithm, n) => {
    expect(() => backend.cipher(algorithm, new Uint8Array(n))).toThrowError(expect.objectContaining({ code: 'CIPHER_KEY_LENGTH', path: 'key' }));
  });

  test('misaligned data, a wrong IV and a destroyed cipher are CardwireErrors', () => {
    const c = backend.cipher('aes', new Uint8Array(16));
    expect(() => c.encrypt(new Uint8Array(15))).toThrowError(expect.objectContaining({ code: 'CIPHER_DATA_LENGTH' }));
    expect(() => c.decrypt(new Uint8Array(16), 'cbc', new Uint8Array(8))).toThrowError(expect.objectContaining({ code: 'CIPHER_IV_LENGTH' }));
    c.destroy();
    expect(() => c.encrypt(new Uint8Array(16))).toThrowError(expect.objectContaining({ code: 'CIPHER_DESTROYED' }));
  });

  test('RSA input not below the modulus is RSA_INPUT_INVALID', () => {
    expect(() => backend.rsaPublic(h('0CA1'), h('11'), h('0CA1'))).toThrowError(expect.objectContaining({ code: 'RSA_INPUT_INVALID' }));
    expect(() => backend.rsaPublic(new Uint8Array(0), h('03'), h('00'))).toThrowError(expect.objectContaining({ code: 'RSA_INPUT_INVALID' }));
  });

  fcTest.prop([
    fc.constantFrom<BlockCipherAlgorithm>('des', 'tdes', 'aes', 'sm4'),
    fc.constantFrom<BlockCipherMode>('ecb', 'cbc'),
    fc.uint8Array({ minLength: 32, maxLength: 32 }),
    fc.integer({ min: 0, max: 4 }),
  ])('decrypt(encrypt(x)) = x', (algorithm, mode, seed, blocks) => {
    const keyLength = { des: 8, tdes: 24, aes: 32, sm4: 16 }[algorithm];
    const c = backend.cipher(algorithm, seed.subarray(0, keyLength));
    const data = new Uint8Array(blocks * c.blockSize).map((_, i) => (i * 37) & 255);
    const iv = seed.subarray(16, 16 + c.blockSize);
    expect(toHex(c.decrypt(c.encrypt(data, mode, iv), mode, iv))).toBe(toHex(data));
  });
});

describe('the DES table core agrees with OpenSSL', () => {
  const [, openssl] = backends[2]!;
  fcTest.prop([fc.constantFrom(8, 16, 24), fc.uint8Array({ minLength: 24, maxLength: 24 }), fc.uint8Array({ minLength: 16, maxLength: 16 })])(
    'random keys and blocks, ECB and CBC',
    (n, key, data) => {
      const algorithm = n === 8 ? 'des' : 'tdes';
      const k = key.subarray(0, n);
      const iv = data.subarray(0, 8);
      for (const mode of ['ecb', 'cbc'] as const) {
        expect(toHex(pureBackend.cipher(algorithm, k).encrypt(data, mode, iv))).toBe(toHex(openssl.cipher(algorithm, k).encrypt(data, mode, iv)));
      }
    },
  );
});

describe('default backend', () => {
  test('starts as pure and can be replaced and restored', () => {
    expect(defaultBackend().name).toBe('pure');
    const [, node] = backends[1]!;
    const previous = setDefaultBackend(node);
    expect(defaultBackend().name).toBe('node');
    setDefaultBackend(previous);
    expect(defaultBackend()).toBe(pureBackend);
  });

  fcTest.prop([fc.string(), fc.integer({ min: 0, max: 40 })])('an unknown algorithm or key length only throws CardwireError', (alg, n) => {
    try {
      pureBackend.cipher(alg as BlockCipherAlgorithm, new Uint8Array(n));
    } catch (e) {
      expect(isCardwireError(e)).toBe(true);
    }
  });
});
