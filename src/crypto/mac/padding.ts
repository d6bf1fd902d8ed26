/** ISO/IEC 9797-1:2011 §6.3 padding methods for block-cipher MACs. */
import { fail } from '../../core/index';

/** Padding method 1 (zeros), 2 (0x80 then zeros) or 3 (length block, then zeros). */
export type MacPadding = 1 | 2 | 3;

/**
 * Pad `data` to whole `n`-byte blocks.
 *
 * @example
 * ```ts
 * toHex(padIso9797(hex('0102'), 2, 8)); // '0102800000000000'
 * ```
 */
export function padIso9797(data: Uint8Array, method: MacPadding, n: number): Uint8Array {
  switch (method) {
    case 1: {
      // §6.3.1: as few zero bits as needed (an empty message becomes one zero block).
      const len = data.length === 0 ? n : Math.ceil(data.length / n) * n;
      const out = new Uint8Array(len);
      out.set(data);
      return out;
    }
    case 2: {
      // §6.3.2: a single 1 bit, then as few zero bits as needed.
      const out = new Uint8Array((Math.floor(data.length / n) + 1) * n);
      out.set(data);
      out[data.length] = 0x80;
      return out;
    }
    case 3: {
      // §6.3.3: a block L holding the bit length of D, right-justified; then D padded by method 1.
      const padded = Math.ceil(data.length / n) * n;
      const out = new Uint8Array(n + padded);
      let bits = data.length * 8;
      for (let i = n - 1; i >= 0 && bits > 0; i--) {
        out[i] = bits % 256;
        bits = Math.floor(bits / 256);
      }
      out.set(data, n);
      return out;
    }
    default:
      return fail('MAC_PADDING_INVALID', `padding method must be 1, 2 or 3, got ${String(method satisfies never)}`, { path: 'padding' });
  }
}
