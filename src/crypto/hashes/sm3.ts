/** SM3 cryptographic hash (GB/T 32905-2016): 256-bit digest, 512-bit blocks, Merkle–Damgård. */

// GB/T 32905-2016 §4.1, initial value IV.
const IV = [0x7380166f, 0x4914b2b9, 0x172442d7, 0xda8a0600, 0xa96f30bc, 0x163138aa, 0xe38dee4d, 0xb0fb0e4e];

const rotl = (x: number, n: number): number => ((n &= 31) === 0 ? x : (x << n) | (x >>> (32 - n)));
// §4.4, permutation functions.
const p0 = (x: number): number => x ^ rotl(x, 9) ^ rotl(x, 17);
const p1 = (x: number): number => x ^ rotl(x, 15) ^ rotl(x, 23);

// §4.2 constants T_j, pre-rotated by j as the compression function uses them (§5.3.3).
const TJ = Array.from({ length: 64 }, (_, j) => rotl(j < 16 ? 0x79cc4519 : 0x7a879d8a, j));

/**
 * SM3 digest of `data`.
 *
 * @example
 * ```ts
 * // GB/T 32905-2016 Appendix A, example 1
 * toHex(sm3(encodeAscii('abc'))); // '66C7F0F462EEEDD9D1F2D46BDC10E4E24167C4875CF2F7A2297DA02B8F4BA8E0'
 * ```
 */
export function sm3(data: Uint8Array): Uint8Array {
  // §5.2 padding: 1 bit, zeros to 448 mod 512, then the 64-bit bit length.
  const blocks = Math.floor((data.length + 8) / 64) + 1;
  const m = new Uint8Array(blocks * 64);
  m.set(data);
  m[data.length] = 0x80;
  const bits = data.length * 8;
  const end = m.length;
  const hiBits = Math.floor(bits / 0x100000000);
  m[end - 8] = hiBits >>> 24;
  m[end - 7] = hiBits >>> 16;
  m[end - 6] = hiBits >>> 8;
  m[end - 5] = hiBits;
  m[end - 4] = bits >>> 24;
  m[end - 3] = bits >>> 16;
  m[end - 2] = bits >>> 8;
  m[end - 1] = bits;

  const v = IV.slice();
  const w = new Int32Array(68);
  for (let b = 0; b < blocks; b++) {
    // §5.3.2 message expansion.
    for (let j = 0; j < 16; j++) {
      const o = b * 64 + j * 4;
      w[j] = (m[o]! << 24) | (m[o + 1]! << 16) | (m[o + 2]! << 8) | m[o + 3]!;
    }
    for (let j = 16; j < 68; j++) {
      w[j] = p1(w[j - 16]! ^ w[j - 9]! ^ rotl(w[j - 3]!, 15)) ^ rotl(w[j - 13]!, 7) ^ w[j - 6]!;
    }
    // §5.3.3 compression function.
    let [a, bb, c, d, e, f, g, h] = v as [number, number, number, number, number, number, number, number];
    for (let j = 0; j < 64; j++) {
      const a12 = rotl(a, 12);
      const ss1 = rotl((a12 + e + TJ[j]!) | 0, 7);
      const ss2 = ss1 ^ a12;
      const ff = j < 16 ? a ^ bb ^ c : (a & bb) | (a & c) | (bb & c);
      const gg = j < 16 ? e ^ f ^ g : (e & f) | (~e & g);
      const tt1 = (ff + d + ss2 + (w[j]! ^ w[j + 4]!)) | 0;
      const tt2 = (gg + h + ss1 + w[j]!) | 0;
      d = c;
      c = rotl(bb, 9);
      bb = a;
      a = tt1;
      h = g;
      g = rotl(f, 19);
      f = e;
      e = p0(tt2);
    }
    v[0]! ^= a;
    v[1]! ^= bb;
    v[2]! ^= c;
    v[3]! ^= d;
    v[4]! ^= e;
    v[5]! ^= f;
    v[6]! ^= g;
    v[7]! ^= h;
  }
  const out = new Uint8Array(32);
  for (let i = 0; i < 8; i++) {
    const x = v[i]!;
    out[4 * i] = x >>> 24;
    out[4 * i + 1] = x >>> 16;
    out[4 * i + 2] = x >>> 8;
    out[4 * i + 3] = x;
  }
  return out;
}
