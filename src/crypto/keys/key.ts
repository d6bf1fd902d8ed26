/**
 * Opaque secret keys (DESIGN.md §2): algorithm, length, TR-31 usage and key check value are
 * public; the bytes are reachable only inside the crypto layer ({@link keyBytes}) and never
 * appear in `toString`, `toJSON` or Node's inspect output. `destroy()` zeroises them.
 */
import { fail, hex, inspectSymbol, toHex } from '../../core/index';
import type { BlockCipherAlgorithm, CryptoBackend, PreparedCipher } from '../backend';
import { keyLengths } from '../ciphers/modes';
import { defaultBackend } from '../default-backend';
import { cipherCheckValue } from './check-value';
import { keyUsages, type KeyUsage } from './usage';

/** Algorithms a key can belong to: the block ciphers, or `hmac` for HMAC keys of any length. */
export type KeyAlgorithm = BlockCipherAlgorithm | 'hmac';

/** How the DES parity bits of a DES/TDES key are treated on creation. */
export type ParityRule = 'ignore' | 'check' | 'adjust';

/** Options of {@link createKey}. */
export interface CreateKeyOptions {
  readonly algorithm: KeyAlgorithm;
  readonly usage: KeyUsage;
  /** DES/TDES only: `'check'` rejects even-parity bytes, `'adjust'` fixes them; default `'ignore'`. */
  readonly parity?: ParityRule;
  /** Backend for the check value and prepared ciphers (default {@link defaultBackend}). */
  readonly backend?: CryptoBackend;
}

let readBytes: (key: SecretKey) => Uint8Array;
let prepared: (key: SecretKey) => PreparedCipher;
let preparedPart: (key: SecretKey, tag: string, algorithm: BlockCipherAlgorithm, part: (bytes: Uint8Array) => Uint8Array) => PreparedCipher;

/**
 * A secret key. Create with {@link createKey}; the bytes stay inside.
 *
 * @example
 * ```ts
 * const k = createKey(hex('0123456789ABCDEFFEDCBA9876543210'), { algorithm: 'tdes', usage: 'B0' });
 * String(k); // 'SecretKey(tdes, 16 bytes, B0, KCV 08D7B4)'
 * ```
 */
export class SecretKey {
  /** Cipher (or `hmac`) the key is for. */
  readonly algorithm: KeyAlgorithm;
  /** TR-31 usage: what the key may be used for. */
  readonly usage: KeyUsage;
  /** Length in bytes. */
  readonly length: number;
  /** Backend the key's ciphers are prepared on. */
  readonly backend: CryptoBackend;
  #bytes: Uint8Array;
  #cipher: PreparedCipher | undefined;
  #parts: Map<string, PreparedCipher> | undefined;
  #kcv: string | undefined;
  #destroyed = false;

  static {
    readBytes = (key) => {
      if (key.#destroyed) fail('CIPHER_DESTROYED', 'the key was destroyed');
      return key.#bytes;
    };
    prepared = (key) => key.#prepared();
    preparedPart = (key, tag, algorithm, part) => key.#preparedPart(tag, algorithm, part);
  }

  /** @internal Use {@link createKey}. */
  constructor(bytes: Uint8Array, algorithm: KeyAlgorithm, usage: KeyUsage, backend: CryptoBackend) {
    this.#bytes = bytes;
    this.algorithm = algorithm;
    this.usage = usage;
    this.length = bytes.length;
    this.backend = backend;
  }

  /**
   * Key check value, hex: TDES/DES/SM4 encrypt a zero block (3 bytes), AES the CMAC of a zero
   * block (5 bytes, X9.24-1:2017). Computed once, on first read. See `keyCheckValue` for the options.
   */
  get kcv(): string {
    if (this.#kcv === undefined) this.#kcv = toHex(cipherCheckValue(this.algorithm, () => this.#prepared()));
    return this.#kcv;
  }

  /** True once {@link destroy} ran. */
  get destroyed(): boolean {
    return this.#destroyed;
  }

  #prepared(): PreparedCipher {
    if (this.#destroyed) fail('CIPHER_DESTROYED', 'the key was destroyed');
    if (this.algorithm === 'hmac') fail('CIPHER_UNSUPPORTED', 'an HMAC key has no block cipher', { path: 'key' });
    return (this.#cipher ??= this.backend.cipher(this.algorithm, this.#bytes));
  }

  #preparedPart(tag: string, algorithm: BlockCipherAlgorithm, part: (bytes: Uint8Array) => Uint8Array): PreparedCipher {
    if (this.#destroyed) fail('CIPHER_DESTROYED', 'the key was destroyed');
    this.#parts ??= new Map();
    let c = this.#parts.get(tag);
    if (c === undefined) {
      const bytes = part(this.#bytes);
      c = this.backend.cipher(algorithm, bytes);
      if (bytes.buffer !== this.#bytes.buffer) bytes.fill(0);
      this.#parts.set(tag, c);
    }
    return c;
  }

  /** Zeroise the key bytes and any prepared cipher; every later use throws CIPHER_DESTROYED. */
  destroy(): void {
    this.#bytes.fill(0);
    this.#cipher?.destroy();
    this.#cipher = undefined;
    for (const c of this.#parts?.values() ?? []) c.destroy();
    this.#parts = undefined;
    this.#destroyed = true;
  }

  /** `SecretKey(tdes, 16 bytes, P0, KCV 08D7B4)`: never the bytes (an HMAC key has no KCV). */
  toString(): string {
    if (this.#destroyed) return `SecretKey(${this.algorithm}, ${this.length} bytes, ${this.usage}, destroyed)`;
    if (this.algorithm === 'hmac') return `SecretKey(hmac, ${this.length} bytes, ${this.usage})`;
    return `SecretKey(${this.algorithm}, ${this.length} bytes, ${this.usage}, KCV ${this.kcv})`;
  }

  /** The public attributes only (`kcv` undefined for a destroyed or HMAC key). */
  toJSON(): { algorithm: KeyAlgorithm; length: number; usage: KeyUsage; kcv: string | undefined } {
    return { algorithm: this.algorithm, length: this.length, usage: this.usage, kcv: this.#destroyed || this.algorithm === 'hmac' ? undefined : this.kcv };
  }

  [inspectSymbol](): string {
    return this.toString();
  }
}

/**
 * The block cipher under `key` on its backend, prepared once and cached on the key (crypto layer
 * only; not exported from `cardwire/crypto`, so a key is usable only through the operations its
 * usage allows). @internal
 */
export function keyCipher(key: SecretKey): PreparedCipher {
  return prepared(key);
}

/**
 * A cipher over a part of the key (single DES under the left half for the retail MAC, the IPEK
 * variant for DUKPT), prepared once per `tag` and cached on the key. @internal
 */
export function keyPartCipher(key: SecretKey, tag: string, algorithm: BlockCipherAlgorithm, part: (bytes: Uint8Array) => Uint8Array): PreparedCipher {
  return preparedPart(key, tag, algorithm, part);
}

/** The key's bytes (crypto layer only; not exported from `cardwire/crypto`). @internal */
export function keyBytes(key: SecretKey): Uint8Array {
  return readBytes(key);
}

/** Odd parity (FIPS 46-3: the low bit of each byte makes the byte's bit count odd). */
export function hasOddParity(bytes: Uint8Array): boolean {
  for (const b of bytes) if (!oddParity(b)) return false;
  return true;
}

function oddParity(b: number): boolean {
  let x = b ^ (b >> 4);
  x ^= x >> 2;
  x ^= x >> 1;
  return (x & 1) === 1;
}

/**
 * A copy of `bytes` with each byte's low bit set for odd parity.
 *
 * @example
 * ```ts
 * toHex(adjustParity(hex('0000000000000000'))); // '0101010101010101'
 * ```
 */
export function adjustParity(bytes: Uint8Array): Uint8Array {
  return bytes.map((b) => (oddParity(b) ? b : b ^ 1));
}

/**
 * Create a key from clear bytes (the bytes are copied; the caller may wipe its array).
 *
 * @example
 * ```ts
 * const bdk = createKey(hex('0123456789ABCDEFFEDCBA9876543210'), { algorithm: 'tdes', usage: 'B0' });
 * bdk.kcv; // '08D7B4'
 * ```
 */
export function createKey(bytes: Uint8Array, options: CreateKeyOptions): SecretKey {
  const { algorithm, usage } = options;
  if (!Object.prototype.hasOwnProperty.call(keyUsages, usage)) fail('KEY_USAGE_UNKNOWN', `unknown key usage '${String(usage)}'`, { path: 'usage' });
  if (algorithm === 'hmac') {
    if (bytes.length === 0) fail('CIPHER_KEY_LENGTH', 'an HMAC key must not be empty', { path: 'key' });
  } else {
    const allowed = keyLengths[algorithm];
    if (allowed === undefined) fail('CIPHER_UNSUPPORTED', `unknown key algorithm '${String(algorithm)}'`, { path: 'algorithm' });
    if (!allowed.includes(bytes.length)) {
      fail('CIPHER_KEY_LENGTH', `${algorithm} key must be ${allowed.join(' or ')} bytes, got ${bytes.length}`, { path: 'key' });
    }
  }
  let copy: Uint8Array = bytes.slice();
  if (algorithm === 'des' || algorithm === 'tdes') {
    const parity: ParityRule = options.parity ?? 'ignore';
    switch (parity) {
      case 'ignore':
        break;
      case 'check':
        if (!hasOddParity(copy)) {
          copy.fill(0);
          fail('KEY_PARITY_ERROR', 'a DES key byte has even parity', { path: 'key' });
        }
        break;
      case 'adjust':
        copy = adjustParity(copy);
        break;
      default:
        fail('INVALID_ARGUMENT', `unknown parity rule '${String(parity satisfies never)}'`, { path: 'parity' });
    }
  }
  return new SecretKey(copy, algorithm, usage, options.backend ?? defaultBackend());
}

/**
 * Parse hex into a key (for fixtures, CLI and configuration files).
 *
 * @example
 * ```ts
 * keyFromHex('0123456789ABCDEFFEDCBA9876543210', { algorithm: 'tdes', usage: 'B0' }).kcv; // '08D7B4'
 * ```
 */
export function keyFromHex(text: string, options: CreateKeyOptions): SecretKey {
  const bytes = hex(text, { path: 'key' });
  try {
    return createKey(bytes, options);
  } finally {
    bytes.fill(0);
  }
}

/** Throw KEY_USAGE_MISMATCH unless `key.usage` is one of `allowed`. @internal */
export function requireUsage(key: SecretKey, allowed: readonly KeyUsage[], operation: string, path = 'key'): void {
  if (!allowed.includes(key.usage)) {
    fail('KEY_USAGE_MISMATCH', `${operation} needs a key of usage ${allowed.join('/')}, got ${key.usage}`, { path });
  }
}

/** Throw KEY_ALGORITHM_MISMATCH unless `key.algorithm` is one of `allowed`. @internal */
export function requireAlgorithm(key: SecretKey, allowed: readonly KeyAlgorithm[], operation: string, path = 'key'): void {
  if (!allowed.includes(key.algorithm)) {
    fail('KEY_ALGORITHM_MISMATCH', `${operation} needs a ${allowed.join('/')} key, got ${key.algorithm}`, { path });
  }
}
