/**
 * The `pure` {@link CryptoBackend}: no Node APIs, runs in browsers, React Native and embedded
 * engines. DES/TDEA and SM4 on our table-driven cores, AES, SHA-1 and SHA-256 on node-forge,
 * SM3 on our own code, RSA on native bigint. Randomness from `globalThis.crypto.getRandomValues`
 * (Web Crypto), which every supported platform offers.
 */
import sha1 from 'node-forge/lib/sha1.js';
import { fail } from '../../core/index';
import type { BlockCipherAlgorithm, CryptoBackend, HashAlgorithm, PreparedCipher } from '../backend';
import { prepareAes } from '../ciphers/aes';
import { desEncryptOnce, prepareDes } from '../ciphers/des';
import { prepareSm4 } from '../ciphers/sm4';
import { sm3 } from '../hashes/sm3';
import { sha256 } from '../hashes/sha256';
import { rsaPublicRaw } from '../rsa';

function binary(data: Uint8Array): string {
  let s = '';
  for (let i = 0; i < data.length; i += 0x2000) s += String.fromCharCode(...data.subarray(i, i + 0x2000));
  return s;
}

function bytes(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

/** Prepare a block cipher on the pure cores (shared with the node backend's DES/TDEA path). */
export function preparePure(algorithm: BlockCipherAlgorithm, key: Uint8Array): PreparedCipher {
  switch (algorithm) {
    case 'des':
    case 'tdes':
      return prepareDes(algorithm, key);
    case 'aes':
      return prepareAes(key);
    case 'sm4':
      return prepareSm4(key);
    default:
      return fail('CIPHER_UNSUPPORTED', `unknown block cipher '${String(algorithm satisfies never)}'`);
  }
}

/** One-shot ECB: the table core for single DES, a prepared cipher otherwise. */
export function encryptOncePure(algorithm: BlockCipherAlgorithm, key: Uint8Array, data: Uint8Array, out?: Uint8Array): Uint8Array {
  if (algorithm === 'des' && key.length === 8 && data.length % 8 === 0 && (out === undefined || out.length === data.length)) {
    return desEncryptOnce(key, data, out);
  }
  const c = preparePure(algorithm, key);
  try {
    const result = c.encrypt(data);
    if (out === undefined) return result;
    out.set(result);
    return out;
  } finally {
    c.destroy();
  }
}

/** Hash on the pure implementations. */
export function hashPure(algorithm: HashAlgorithm, data: Uint8Array): Uint8Array {
  switch (algorithm) {
    case 'sha1':
      return bytes(sha1.create().update(binary(data)).digest().getBytes());
    case 'sha256':
      return sha256(data);
    case 'sm3':
      return sm3(data);
    default:
      return fail('CIPHER_UNSUPPORTED', `unknown hash '${String(algorithm satisfies never)}'`);
  }
}

interface WebCrypto {
  getRandomValues(array: Uint8Array): Uint8Array;
}

/**
 * The pure backend.
 *
 * @example
 * ```ts
 * // FIPS 81 Appendix B, table B1 (ECB): key 0123456789ABCDEF
 * toHex(pureBackend.cipher('des', hex('0123456789ABCDEF')).encrypt(hex('4E6F772069732074'))); // '3FA40E8A984D4815'
 * ```
 */
export const pureBackend: CryptoBackend = {
  name: 'pure',
  cipher: preparePure,
  rsaPublic: rsaPublicRaw,
  hash: hashPure,
  encryptOnce: encryptOncePure,
  randomBytes(n) {
    const webCrypto = (globalThis as { crypto?: WebCrypto }).crypto;
    if (!webCrypto) return fail('CIPHER_UNSUPPORTED', 'no Web Crypto getRandomValues on this platform; inject a Random');
    const out = new Uint8Array(n);
    // getRandomValues fills at most 65536 bytes per call (Web Crypto API).
    for (let o = 0; o < n; o += 65536) webCrypto.getRandomValues(out.subarray(o, Math.min(n, o + 65536)));
    return out;
  },
};
