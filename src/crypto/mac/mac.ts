/**
 * Message authentication codes for payment messages:
 * - ISO/IEC 9797-1 MAC algorithm 1 (CBC-MAC; ANSI X9.9 / FIPS 113 with single DES) and
 *   algorithm 3 (the retail MAC, ANSI X9.19), padding methods 1, 2 and 3;
 * - CMAC (NIST SP 800-38B; ISO 9797-1:2011 algorithm 5) with AES, TDES or SM4;
 * - HMAC (RFC 2104, FIPS 198-1) over SHA-256, SHA-1 or SM3;
 * - the China UnionPay POS "ECB" MAC, with DES/TDES or SM4.
 * Verification compares in constant time (DESIGN.md §2).
 */
import { constantTimeEqual, fail } from '../../core/index';
import type { HashAlgorithm } from '../backend';
import { keyBytes, keyCipher, keyPartCipher, requireAlgorithm, requireUsage, type SecretKey } from '../keys/key';
import { macUsages } from '../keys/usage';
import { padIso9797, type MacPadding } from './padding';
import { cbcChain, cmacWith, macOutputLength, xorInto } from './prepared';

/** Options shared by the block-cipher MACs. */
export interface BlockMacOptions {
  /** ISO 9797-1 padding method (default 1). */
  readonly padding?: MacPadding;
  /** Bytes of the MAC to keep, leftmost (default the whole block). */
  readonly length?: number;
}

/**
 * ISO/IEC 9797-1 MAC algorithm 1: CBC-MAC under the key's cipher (DES, TDES, AES or SM4), zero IV.
 * With a single-DES key and padding 1 this is ANSI X9.9 / FIPS 113.
 *
 * @example
 * ```ts
 * // ISO/IEC 9797-1 Annex B: "Now is the time for all ", K = 0123456789ABCDEF, padding 1
 * toHex(iso9797Mac1(k, encodeAscii('Now is the time for all '), { length: 4 })); // '70A30640'
 * ```
 */
export function iso9797Mac1(key: SecretKey, data: Uint8Array, options: BlockMacOptions = {}): Uint8Array {
  requireUsage(key, macUsages, 'a MAC');
  requireAlgorithm(key, ['des', 'tdes', 'aes', 'sm4'], 'ISO 9797-1 MAC algorithm 1');
  const cipher = keyCipher(key);
  const length = macOutputLength(options.length, cipher.blockSize);
  return cbcChain(cipher, padIso9797(data, options.padding ?? 1, cipher.blockSize)).slice(0, length);
}

/**
 * ISO/IEC 9797-1 MAC algorithm 3, the retail MAC (ANSI X9.19): single-DES CBC under K, then the
 * last block decrypted under K' and encrypted under K. The key is a 16-byte TDES key K‖K'.
 *
 * @example
 * ```ts
 * // ISO/IEC 9797-1 Annex B: K‖K' = 0123456789ABCDEF FEDCBA9876543210, padding 1
 * toHex(iso9797Mac3(k, encodeAscii('Now is the time for all '))); // 'A1C72E74EA3FA9B6'
 * ```
 */
export function iso9797Mac3(key: SecretKey, data: Uint8Array, options: BlockMacOptions = {}): Uint8Array {
  requireUsage(key, macUsages, 'a MAC');
  requireAlgorithm(key, ['tdes'], 'the retail MAC (ISO 9797-1 algorithm 3)');
  if (key.length !== 16) fail('CIPHER_KEY_LENGTH', 'the retail MAC needs a 16-byte (two-key) TDES key', { path: 'key' });
  const length = macOutputLength(options.length, 8);
  const k = keyPartCipher(key, 'des-left', 'des', (b) => b.subarray(0, 8));
  const k2 = keyPartCipher(key, 'des-right', 'des', (b) => b.subarray(8, 16));
  const h = cbcChain(k, padIso9797(data, options.padding ?? 1, 8));
  // Output transformation 3 (§7.3): G = e_K(d_K'(H_q)).
  return k.encrypt(k2.decrypt(h)).slice(0, length);
}

/** ANSI X9.9 (FIPS 113): {@link iso9797Mac1} with padding 1. */
export function ansiX99Mac(key: SecretKey, data: Uint8Array, options: { readonly length?: number } = {}): Uint8Array {
  return iso9797Mac1(key, data, { padding: 1, ...options });
}

/** ANSI X9.19: {@link iso9797Mac3} with padding 1. */
export function ansiX919Mac(key: SecretKey, data: Uint8Array, options: { readonly length?: number } = {}): Uint8Array {
  return iso9797Mac3(key, data, { padding: 1, ...options });
}

/**
 * CMAC (NIST SP 800-38B, RFC 4493 for AES) under an AES, TDES or SM4 key.
 *
 * @example
 * ```ts
 * // RFC 4493 §4 example 2 (SP 800-38B D.1 example 2)
 * toHex(cmac(aesKey, hex('6BC1BEE22E409F96E93D7E117393172A'))); // '070A16B46B4D4144F79BDD9DD04A287C'
 * ```
 */
export function cmac(key: SecretKey, data: Uint8Array, options: { readonly length?: number } = {}): Uint8Array {
  requireUsage(key, macUsages, 'a MAC');
  requireAlgorithm(key, ['tdes', 'aes', 'sm4', 'des'], 'CMAC');
  return cmacWith(keyCipher(key), data, options.length);
}

const hashBlockSizes: Readonly<Record<HashAlgorithm, number>> = { sha1: 64, sha256: 64, sm3: 64 };

/**
 * HMAC (RFC 2104, FIPS 198-1) on the key's backend hash; SHA-256 by default.
 *
 * @example
 * ```ts
 * // RFC 4231 test case 2: key "Jefe"
 * toHex(hmac(jefe, encodeAscii('what do ya want for nothing?'))).slice(0, 16); // '5BDCC146BF60754E'
 * ```
 */
export function hmac(key: SecretKey, data: Uint8Array, options: { readonly hash?: HashAlgorithm; readonly length?: number } = {}): Uint8Array {
  requireUsage(key, macUsages, 'a MAC');
  requireAlgorithm(key, ['hmac'], 'HMAC');
  const hash = options.hash ?? 'sha256';
  const backend = key.backend;
  const b = hashBlockSizes[hash];
  if (b === undefined) fail('CIPHER_UNSUPPORTED', `unknown hash '${String(hash)}'`, { path: 'hash' });
  let k = keyBytes(key);
  if (k.length > b) k = backend.hash(hash, k);
  const ipad = new Uint8Array(b + data.length);
  const opadKey = new Uint8Array(b);
  for (let i = 0; i < b; i++) {
    ipad[i] = (k[i] ?? 0) ^ 0x36;
    opadKey[i] = (k[i] ?? 0) ^ 0x5c;
  }
  ipad.set(data, b);
  const inner = backend.hash(hash, ipad);
  ipad.fill(0);
  const outer = new Uint8Array(b + inner.length);
  outer.set(opadKey);
  outer.set(inner, b);
  opadKey.fill(0);
  const mac = backend.hash(hash, outer);
  outer.fill(0);
  return mac.slice(0, macOutputLength(options.length, mac.length));
}

const HEX_ASCII = new Uint8Array([48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 65, 66, 67, 68, 69, 70]);

function hexAscii(block: Uint8Array): Uint8Array {
  const out = new Uint8Array(block.length * 2);
  for (let i = 0; i < block.length; i++) {
    out[2 * i] = HEX_ASCII[block[i]! >>> 4]!;
    out[2 * i + 1] = HEX_ASCII[block[i]! & 15]!;
  }
  return out;
}

/**
 * The China UnionPay POS terminal MAC ("ECB" algorithm of the UnionPay POS terminal
 * specification): XOR the message's n-byte blocks (zero-padded), expand the result to 2n
 * uppercase hex characters, encrypt the first n, XOR the second n, encrypt again, expand, and keep
 * the first n characters. Returns those characters as ASCII bytes (8 with DES/TDES, 16 with SM4).
 *
 * @example
 * ```ts
 * // MAB 1234567890ABCDEFABCDEF1234567890, MAK 2222222222222222
 * decodeAscii(unionPayMac(mak, hex('1234567890ABCDEFABCDEF1234567890'))); // 'E267B6E2'
 * ```
 */
export function unionPayMac(key: SecretKey, data: Uint8Array): Uint8Array {
  requireUsage(key, macUsages, 'a MAC');
  requireAlgorithm(key, ['des', 'tdes', 'sm4'], 'the UnionPay ECB MAC');
  const cipher = keyCipher(key);
  const n = cipher.blockSize;
  const acc = new Uint8Array(n);
  const whole = data.length - (data.length % n);
  for (let o = 0; o < whole; o += n) xorInto(acc, data, o);
  for (let i = whole; i < data.length; i++) acc[i - whole]! ^= data[i]!;
  const expanded = hexAscii(acc);
  const first = cipher.encrypt(expanded.subarray(0, n));
  xorInto(first, expanded, n);
  return hexAscii(cipher.encrypt(first)).slice(0, n);
}

/** The MAC algorithms {@link generateMac} offers. */
export type MacAlgorithm = 'iso9797-1-1' | 'iso9797-1-3' | 'x9.9' | 'x9.19' | 'cmac' | 'hmac-sha256' | 'unionpay';

/** Options of {@link generateMac} / {@link verifyMac}. */
export interface MacOptions extends BlockMacOptions {
  readonly algorithm: MacAlgorithm;
}

/**
 * Compute a MAC by algorithm name (the CLI and the security module dispatch through here).
 *
 * @example
 * ```ts
 * toHex(generateMac(k, encodeAscii('Now is the time for all '), { algorithm: 'x9.19' })); // 'A1C72E74EA3FA9B6'
 * ```
 */
export function generateMac(key: SecretKey, data: Uint8Array, options: MacOptions): Uint8Array {
  const { algorithm } = options;
  const length = options.length === undefined ? {} : { length: options.length };
  switch (algorithm) {
    case 'iso9797-1-1':
      return iso9797Mac1(key, data, options);
    case 'iso9797-1-3':
      return iso9797Mac3(key, data, options);
    case 'x9.9':
      return ansiX99Mac(key, data, length);
    case 'x9.19':
      return ansiX919Mac(key, data, length);
    case 'cmac':
      return cmac(key, data, length);
    case 'hmac-sha256':
      return hmac(key, data, { hash: 'sha256', ...length });
    case 'unionpay':
      return unionPayMac(key, data);
    default:
      return fail('MAC_ALGORITHM_UNKNOWN', `unknown MAC algorithm '${String(algorithm satisfies never)}'`, { path: 'algorithm' });
  }
}

/**
 * Verify a MAC in constant time. The MAC's own length is the truncation length unless
 * `options.length` says otherwise; a wrong length is simply a mismatch.
 *
 * @example
 * ```ts
 * verifyMac(k, encodeAscii('Now is the time for all '), hex('A1C72E74EA3FA9B6'), { algorithm: 'x9.19' }); // true
 * ```
 */
export function verifyMac(key: SecretKey, data: Uint8Array, mac: Uint8Array, options: MacOptions): boolean {
  const truncatable = options.algorithm !== 'unionpay';
  const length = options.length ?? (truncatable ? mac.length : undefined);
  let expected: Uint8Array;
  try {
    expected = generateMac(key, data, length === undefined ? options : { ...options, length });
  } catch (e) {
    // A MAC whose length no algorithm produces does not verify; any other error is the caller's.
    if (options.length === undefined && (e as { code?: unknown }).code === 'MAC_LENGTH_INVALID') return false;
    throw e;
  }
  return constantTimeEqual(expected, mac);
}
