/**
 * Asymmetric key material (RSA, ECC, DSA) as an X9.143 key block carries it: one DER-encoded
 * ASN.1 structure (an RSAPrivateKey of RFC 8017, an ECPrivateKey of RFC 5915, a PKCS #8
 * PrivateKeyInfo, …). cardwire does no private-key operation; like a `SecretKey` the object
 * keeps the bytes out of `toString`, `toJSON` and Node's inspect output (DESIGN.md §2), and
 * {@link AsymmetricKey.exportDer} hands them to the caller's platform on request.
 */
import { fail, inspectSymbol } from '../../core/index';

/** The asymmetric algorithms of X9.143 §6.3.2: `R` RSA, `E` elliptic curve, `S` DSA. */
export type AsymmetricKeyAlgorithm = 'rsa' | 'ecc' | 'dsa';

/**
 * Length of the one DER element at the start of `der` (tag, definite length, contents), or
 * undefined when the bytes do not start with one that fits (X.690 §8.1, §10.1). @internal
 */
export function derElementLength(der: Uint8Array): number | undefined {
  if (der.length < 2 || (der[0]! & 0x1f) === 0x1f) return undefined;
  const first = der[1]!;
  if (first < 0x80) return 2 + first;
  const count = first & 0x7f;
  // 0x80 is the indefinite form, which DER forbids; four length bytes are far past any key block.
  if (count === 0 || count > 4 || der.length < 2 + count) return undefined;
  let length = 0;
  for (let i = 0; i < count; i++) length = length * 256 + der[2 + i]!;
  return 2 + count + length;
}

/**
 * An RSA, ECC or DSA key in DER, opaque until exported.
 *
 * @example
 * ```ts
 * // X9.143:2021 §8.6: the ECC signature key of the published key block
 * const { key } = unwrapTr31(kbpk, eccKeyBlock);
 * String(key);      // 'AsymmetricKey(ecc, 121-byte DER, S0)'
 * key.exportDer();  // 30 77 02 01 01 04 20 2D 49 32 57 … (RFC 5915 ECPrivateKey)
 * ```
 */
export class AsymmetricKey {
  /** `rsa`, `ecc` or `dsa` (the key block's algorithm `R`, `E` or `S`). */
  readonly algorithm: AsymmetricKeyAlgorithm;
  /** The TR-31 key usage the key came with (`S0` signature, `K2` TR-34, `D1` data encryption, …). */
  readonly usage: string;
  /** Length of the DER encoding in bytes. */
  readonly length: number;
  #der: Uint8Array;
  #destroyed = false;

  /** @internal Keys come from `unwrapTr31`; the bytes are copied. */
  constructor(der: Uint8Array, algorithm: AsymmetricKeyAlgorithm, usage: string) {
    if (!(der instanceof Uint8Array) || derElementLength(der) !== der.length || der[0] !== 0x30) {
      fail('INVALID_ARGUMENT', 'an asymmetric key is one DER SEQUENCE', { path: 'key' });
    }
    this.#der = der.slice();
    this.algorithm = algorithm;
    this.usage = usage;
    this.length = der.length;
  }

  /** A copy of the DER encoding, for `crypto.createPrivateKey({ key, format: 'der', type })`, WebCrypto or an HSM. */
  exportDer(): Uint8Array {
    if (this.#destroyed) fail('CIPHER_DESTROYED', 'the key was destroyed', { path: 'key' });
    return this.#der.slice();
  }

  /** True once {@link destroy} ran. */
  get destroyed(): boolean {
    return this.#destroyed;
  }

  /** Zeroise the bytes; a later {@link exportDer} throws CIPHER_DESTROYED. */
  destroy(): void {
    this.#der.fill(0);
    this.#destroyed = true;
  }

  /** `AsymmetricKey(ecc, 121-byte DER, S0)`: never the bytes. */
  toString(): string {
    return `AsymmetricKey(${this.algorithm}, ${this.length}-byte DER, ${this.usage}${this.#destroyed ? ', destroyed' : ''})`;
  }

  /** The public attributes only. */
  toJSON(): { algorithm: AsymmetricKeyAlgorithm; length: number; usage: string } {
    return { algorithm: this.algorithm, length: this.length, usage: this.usage };
  }

  [inspectSymbol](): string {
    return this.toString();
  }
}
