/**
 * AES (FIPS 197) for the pure backend, on node-forge's AES core. forge's word-level functions
 * are used directly so the key is expanded once per prepared cipher, not once per call.
 */
import aes from 'node-forge/lib/aes.js';
import type { PreparedCipher } from '../backend';
import { checkKeyLength, preparedFromBlocks } from './modes';

function toWords(b: Uint8Array, o: number, n: number, out: number[]): number[] {
  for (let i = 0; i < n; i++) out[i] = ((b[o + 4 * i]! << 24) | (b[o + 4 * i + 1]! << 16) | (b[o + 4 * i + 2]! << 8) | b[o + 4 * i + 3]!) >>> 0;
  return out;
}

function fromWords(w: readonly number[], dst: Uint8Array, o: number): void {
  for (let i = 0; i < 4; i++) {
    const x = w[i]!;
    dst[o + 4 * i] = x >>> 24;
    dst[o + 4 * i + 1] = x >>> 16;
    dst[o + 4 * i + 2] = x >>> 8;
    dst[o + 4 * i + 3] = x;
  }
}

/** An AES {@link PreparedCipher} (16, 24 or 32-byte key). */
export function prepareAes(key: Uint8Array): PreparedCipher {
  checkKeyLength('aes', key);
  const keyWords = toWords(key, 0, key.length / 4, []);
  const enc = aes._expandKey(keyWords, false);
  let dec: number[] | undefined;
  const input: number[] = [0, 0, 0, 0];
  const output: number[] = [0, 0, 0, 0];
  return preparedFromBlocks(
    'aes',
    (s, so, d, o) => {
      aes._updateBlock(enc, toWords(s, so, 4, input), output, false);
      fromWords(output, d, o);
    },
    (s, so, d, o) => {
      dec ??= aes._expandKey(keyWords, true);
      aes._updateBlock(dec, toWords(s, so, 4, input), output, true);
      fromWords(output, d, o);
    },
    () => {
      keyWords.fill(0);
      enc.fill(0);
      dec?.fill(0);
    },
  );
}
