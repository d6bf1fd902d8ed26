/**
 * Key check values. TDES/DES (X9.24-1): encrypt a block of zeros, keep the leftmost 2–4 bytes
 * (3 by default). AES (X9.24-1:2017, TR-31 version D): the CMAC of a block of zeros, leftmost
 * 5 bytes by default; some networks use ECB of zeros for AES and SM4 instead (`method: 'ecb'`).
 */
import { fail, xorBytes } from '../../core/index';
import type { CryptoBackend } from '../backend';
import { cipherCheckValue, type KcvMethod, type KcvOptions } from './check-value';
import { createKey, keyBytes, keyCipher, type KeyAlgorithm, type SecretKey } from './key';
import type { KeyUsage } from './usage';

export type { KcvMethod, KcvOptions } from './check-value';

/**
 * The key check value of `key`.
 *
 * @example
 * ```ts
 * // X9.24-1 Annex A BDK
 * toHex(keyCheckValue(bdk)); // '08D7B4'
 * ```
 */
export function keyCheckValue(key: SecretKey, options: KcvOptions = {}): Uint8Array {
  return cipherCheckValue(key.algorithm, () => keyCipher(key), options);
}

/** One clear key component with, optionally, the check value its custodian recorded. */
export interface KeyComponent {
  readonly bytes: Uint8Array;
  /** The component's KCV as printed on the custodian's form (compared on its own length). */
  readonly kcv?: Uint8Array;
}

/** Options of {@link combineKeyComponents}. */
export interface CombineOptions {
  readonly algorithm: KeyAlgorithm;
  readonly usage: KeyUsage;
  /** The combined key's expected KCV, when the ceremony records one. */
  readonly kcv?: Uint8Array;
  readonly kcvMethod?: KcvMethod;
  readonly backend?: CryptoBackend;
}

function checkKcv(key: SecretKey, expected: Uint8Array, method: KcvMethod | undefined, path: string): void {
  const actual = keyCheckValue(key, { length: expected.length, ...(method ? { method } : {}) });
  let diff = 0;
  for (let i = 0; i < actual.length; i++) diff |= actual[i]! ^ expected[i]!;
  if (diff !== 0) fail('KEY_COMPONENT_KCV_MISMATCH', 'the check value does not match', { path });
}

/**
 * Combine clear key components by XOR (split knowledge, X9.24-1 §7), checking each component's
 * KCV and the result's.
 *
 * @example
 * ```ts
 * const key = combineKeyComponents([{ bytes: c1, kcv: hex('...') }, { bytes: c2 }], { algorithm: 'tdes', usage: 'K0' });
 * ```
 */
export function combineKeyComponents(components: readonly KeyComponent[], options: CombineOptions): SecretKey {
  if (components.length < 2) fail('KEY_COMPONENT_COUNT', 'at least two components are needed', { path: 'components' });
  const first = components[0]!;
  let acc: Uint8Array = first.bytes.slice();
  const base = { algorithm: options.algorithm, usage: options.usage, ...(options.backend ? { backend: options.backend } : {}) };
  components.forEach((c, i) => {
    if (c.bytes.length !== first.bytes.length) {
      acc.fill(0);
      fail('KEY_COMPONENT_LENGTH', `component ${i + 1} has ${c.bytes.length} bytes, component 1 has ${first.bytes.length}`, { path: `components[${i}]` });
    }
    if (c.kcv) {
      const part = createKey(c.bytes, base);
      try {
        checkKcv(part, c.kcv, options.kcvMethod, `components[${i}].kcv`);
      } finally {
        part.destroy();
      }
    }
    if (i > 0) {
      const next = xorBytes(acc, c.bytes);
      acc.fill(0);
      acc = next;
    }
  });
  const key = createKey(acc, base);
  acc.fill(0);
  if (options.kcv) checkKcv(key, options.kcv, options.kcvMethod, 'kcv');
  return key;
}

/**
 * A key variant: the key XOR a mask (the DUKPT PIN, MAC and data variants of X9.24-1, or a
 * network's variant table), under a new usage.
 *
 * @example
 * ```ts
 * // X9.24-1 PIN variant of the E00001 current key
 * keyVariant(current, hex('00000000000000FF00000000000000FF'), { usage: 'P0' });
 * ```
 */
export function keyVariant(key: SecretKey, mask: Uint8Array, options: { readonly usage: KeyUsage }): SecretKey {
  const bytes = keyBytes(key);
  if (mask.length !== bytes.length) fail('KEY_VARIANT_LENGTH', `mask must be ${bytes.length} bytes, got ${mask.length}`, { path: 'mask' });
  const v = xorBytes(bytes, mask);
  const out = createKey(v, { algorithm: key.algorithm, usage: options.usage, backend: key.backend });
  v.fill(0);
  return out;
}
