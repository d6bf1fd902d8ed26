// A minimal node:crypto CryptoBackend used by the EMV/TR-31 tests until the shipped backends of
// src/crypto/backends/ are merged; tests then run against those.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { BlockCipherAlgorithm, BlockCipherMode, CryptoBackend, PreparedCipher } from '../../../src/crypto/backend';

function opensslName(algorithm: BlockCipherAlgorithm, key: Uint8Array, mode: BlockCipherMode): { name: string; key: Uint8Array } {
  switch (algorithm) {
    case 'des':
      return { name: `des-ede3${mode === 'ecb' ? '' : '-cbc'}`, key: new Uint8Array([...key, ...key, ...key]) };
    case 'tdes':
      return key.length === 16
        ? { name: `des-ede${mode === 'ecb' ? '' : '-cbc'}`, key }
        : { name: `des-ede3${mode === 'ecb' ? '' : '-cbc'}`, key };
    case 'aes':
      return { name: `aes-${key.length * 8}-${mode}`, key };
    case 'sm4':
      throw new Error('sm4 not in test backend');
  }
}

function run(enc: boolean, algorithm: BlockCipherAlgorithm, key: Uint8Array, data: Uint8Array, mode: BlockCipherMode, iv?: Uint8Array): Uint8Array {
  const { name, key: k } = opensslName(algorithm, key, mode);
  const bs = algorithm === 'aes' ? 16 : 8;
  const ivv = mode === 'ecb' ? null : (iv ?? new Uint8Array(bs));
  const c = enc ? createCipheriv(name, k, ivv) : createDecipheriv(name, k, ivv);
  c.setAutoPadding(false);
  return new Uint8Array(Buffer.concat([c.update(data), c.final()]));
}

function modPow(b: bigint, e: bigint, m: bigint): bigint {
  let r = 1n;
  b %= m;
  while (e > 0n) {
    if (e & 1n) r = (r * b) % m;
    b = (b * b) % m;
    e >>= 1n;
  }
  return r;
}

const big = (b: Uint8Array) => BigInt(`0x${Buffer.from(b).toString('hex') || '0'}`);

export const testBackend: CryptoBackend = {
  name: 'test-node',
  cipher(algorithm, key): PreparedCipher {
    const k = new Uint8Array(key);
    return {
      algorithm,
      blockSize: algorithm === 'aes' || algorithm === 'sm4' ? 16 : 8,
      encrypt: (data, mode = 'ecb', iv) => run(true, algorithm, k, data, mode, iv),
      decrypt: (data, mode = 'ecb', iv) => run(false, algorithm, k, data, mode, iv),
      destroy: () => k.fill(0),
    };
  },
  rsaPublic(modulus, exponent, input) {
    const r = modPow(big(input), big(exponent), big(modulus)).toString(16).padStart(modulus.length * 2, '0');
    return new Uint8Array(Buffer.from(r, 'hex'));
  },
  hash(algorithm, data) {
    if (algorithm === 'sm3') throw new Error('sm3 not in test backend');
    return new Uint8Array(createHash(algorithm).update(data).digest());
  },
  randomBytes: (n) => new Uint8Array(randomBytes(n)),
};
