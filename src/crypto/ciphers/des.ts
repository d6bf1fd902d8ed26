/**
 * DES (FIPS 46-3) and TDEA (NIST SP 800-67) block cores with cached key schedules.
 *
 * Table driven: the initial and final permutations and PC-1 are applied a byte at a time through
 * precomputed tables, and each round's S-box lookup is merged with the P permutation ("SP boxes"),
 * so a key schedule costs a few hundred table reads and a block a few dozen. Payment hot paths
 * (DUKPT derivation, PIN translation, retail MACs) change keys every few blocks, which is where
 * a native cipher's per-key setup cost dominates.
 *
 * TDEA EDE runs the three passes back to back without the FP/IP pair between them
 * (FIPS 46-3: IP and FP are inverses, so they cancel).
 */
import type { PreparedCipher } from '../backend';
import { checkKeyLength, preparedFromBlocks } from './modes';

// FIPS 46-3, "Initial Permutation IP".
const IP = [
  58, 50, 42, 34, 26, 18, 10, 2, 60, 52, 44, 36, 28, 20, 12, 4, 62, 54, 46, 38, 30, 22, 14, 6, 64, 56, 48, 40, 32, 24, 16, 8,
  57, 49, 41, 33, 25, 17, 9, 1, 59, 51, 43, 35, 27, 19, 11, 3, 61, 53, 45, 37, 29, 21, 13, 5, 63, 55, 47, 39, 31, 23, 15, 7,
];
// FIPS 46-3, "Permuted Choice 1" (C then D).
const PC1 = [
  57, 49, 41, 33, 25, 17, 9, 1, 58, 50, 42, 34, 26, 18, 10, 2, 59, 51, 43, 35, 27, 19, 11, 3, 60, 52, 44, 36,
  63, 55, 47, 39, 31, 23, 15, 7, 62, 54, 46, 38, 30, 22, 14, 6, 61, 53, 45, 37, 29, 21, 13, 5, 28, 20, 12, 4,
];
// FIPS 46-3, "Permuted Choice 2".
const PC2 = [
  14, 17, 11, 24, 1, 5, 3, 28, 15, 6, 21, 10, 23, 19, 12, 4, 26, 8, 16, 7, 27, 20, 13, 2,
  41, 52, 31, 37, 47, 55, 30, 40, 51, 45, 33, 48, 44, 49, 39, 56, 34, 53, 46, 42, 50, 36, 29, 32,
];
// FIPS 46-3, key schedule left shifts per iteration.
const SHIFTS = [1, 1, 2, 2, 2, 2, 2, 2, 1, 2, 2, 2, 2, 2, 2, 1];
// FIPS 46-3, "Primitive function P".
const P = [16, 7, 20, 21, 29, 12, 28, 17, 1, 15, 23, 26, 5, 18, 31, 10, 2, 8, 24, 14, 32, 27, 3, 9, 19, 13, 30, 6, 22, 11, 4, 25];
// FIPS 46-3, "Selection functions" S1..S8, each 4 rows of 16.
const S = [
  '14 4 13 1 2 15 11 8 3 10 6 12 5 9 0 7 0 15 7 4 14 2 13 1 10 6 12 11 9 5 3 8 4 1 14 8 13 6 2 11 15 12 9 7 3 10 5 0 15 12 8 2 4 9 1 7 5 11 3 14 10 0 6 13',
  '15 1 8 14 6 11 3 4 9 7 2 13 12 0 5 10 3 13 4 7 15 2 8 14 12 0 1 10 6 9 11 5 0 14 7 11 10 4 13 1 5 8 12 6 9 3 2 15 13 8 10 1 3 15 4 2 11 6 7 12 0 5 14 9',
  '10 0 9 14 6 3 15 5 1 13 12 7 11 4 2 8 13 7 0 9 3 4 6 10 2 8 5 14 12 11 15 1 13 6 4 9 8 15 3 0 11 1 2 12 5 10 14 7 1 10 13 0 6 9 8 7 4 15 14 3 11 5 2 12',
  '7 13 14 3 0 6 9 10 1 2 8 5 11 12 4 15 13 8 11 5 6 15 0 3 4 7 2 12 1 10 14 9 10 6 9 0 12 11 7 13 15 1 3 14 5 2 8 4 3 15 0 6 10 1 13 8 9 4 5 11 12 7 2 14',
  '2 12 4 1 7 10 11 6 8 5 3 15 13 0 14 9 14 11 2 12 4 7 13 1 5 0 15 10 3 9 8 6 4 2 1 11 10 13 7 8 15 9 12 5 6 3 0 14 11 8 12 7 1 14 2 13 6 15 0 9 10 4 5 3',
  '12 1 10 15 9 2 6 8 0 13 3 4 14 7 5 11 10 15 4 2 7 12 9 5 6 1 13 14 0 11 3 8 9 14 15 5 2 8 12 3 7 0 4 10 1 13 11 6 4 3 2 12 9 5 15 10 11 14 1 7 6 0 8 13',
  '4 11 2 14 15 0 8 13 3 12 9 7 5 10 6 1 13 0 11 7 4 9 1 10 14 3 5 12 2 15 8 6 1 4 11 13 12 3 7 14 10 15 6 8 0 5 9 2 6 11 13 8 1 4 10 7 9 5 0 15 14 2 3 12',
  '13 2 8 4 6 15 11 1 10 9 3 14 5 0 12 7 1 15 13 8 10 3 7 4 12 5 6 11 0 14 9 2 7 11 4 1 9 12 14 2 0 6 10 13 15 3 5 8 2 1 14 7 4 10 8 13 15 12 9 0 3 5 6 11',
].map((row) => row.split(' ').map(Number));

/** Byte-wise tables for a 64-bit permutation: for input byte b with value v, the (hi, lo) output bits. */
function byteTables(perm: readonly number[], inputBits: number): { hi: Int32Array; lo: Int32Array } {
  const hi = new Int32Array((inputBits / 8) * 256);
  const lo = new Int32Array((inputBits / 8) * 256);
  perm.forEach((src, j) => {
    const b = (src - 1) >> 3;
    const mask = 0x80 >> ((src - 1) & 7);
    for (let v = 0; v < 256; v++) {
      if ((v & mask) === 0) continue;
      if (j < 32) hi[b * 256 + v]! |= 1 << (31 - j);
      else lo[b * 256 + v]! |= 1 << (63 - j);
    }
  });
  return { hi, lo };
}

const ipTables = byteTables(IP, 64);
const IP_L = ipTables.hi;
const IP_R = ipTables.lo;
// FP = IP^-1 (FIPS 46-3).
const FP = new Array<number>(64);
IP.forEach((src, j) => (FP[src - 1] = j + 1));
const fpTables = byteTables(FP, 64);
const FP_H = fpTables.hi;
const FP_L = fpTables.lo;

// PC-1 as byte tables: C is output bits 1..28 (word bits 27..0), D is 29..56.
const PC1_C = new Int32Array(8 * 256);
const PC1_D = new Int32Array(8 * 256);
PC1.forEach((src, j) => {
  const b = (src - 1) >> 3;
  const mask = 0x80 >> ((src - 1) & 7);
  for (let v = 0; v < 256; v++) {
    if ((v & mask) === 0) continue;
    if (j < 28) PC1_C[b * 256 + v]! |= 1 << (27 - j);
    else PC1_D[b * 256 + v]! |= 1 << (55 - j);
  }
});

// PC-2 as 7-bit chunk tables: subkey bits 1..24 come from C only, 25..48 from D only.
const PC2_C = new Int32Array(4 * 128);
const PC2_D = new Int32Array(4 * 128);
PC2.forEach((src, j) => {
  const table = j < 24 ? PC2_C : PC2_D;
  const bit = j < 24 ? src - 1 : src - 29;
  const outBit = j < 24 ? 23 - j : 47 - j;
  const chunk = Math.floor(bit / 7);
  const mask = 0x40 >> (bit % 7);
  for (let v = 0; v < 128; v++) if ((v & mask) !== 0) table[chunk * 128 + v]! |= 1 << outBit;
});

// SP boxes: S-box i (6-bit input, FIPS 46-3 row = outer bits, column = inner four) followed by P.
const SP = new Int32Array(8 * 64);
for (let i = 0; i < 8; i++) {
  const box = S[i]!;
  for (let v = 0; v < 64; v++) {
    const row = ((v >> 4) & 2) | (v & 1);
    const col = (v >> 1) & 15;
    const s = box[row * 16 + col]! << (28 - 4 * i);
    let out = 0;
    for (let j = 0; j < 32; j++) if ((s >>> (32 - P[j]!)) & 1) out |= 1 << (31 - j);
    SP[i * 64 + v] = out;
  }
}

/**
 * The 16 round keys of one DES key, two words per round (32 entries), in encryption order. Each
 * round key's eight 6-bit groups sit in the low six bits of a byte: the even groups (S1, S3, S5,
 * S7) in the first word, the odd groups in the second, matching how {@link desBlock} lays out the
 * expansion E of R. Parity bits are ignored (PC-1 drops them).
 */
export function desKeySchedule(key: Uint8Array, offset = 0): Int32Array {
  return desKeyScheduleInto(key, offset, new Int32Array(32));
}

/** {@link desKeySchedule} into a caller's array (hot paths reuse one). */
export function desKeyScheduleInto(key: Uint8Array, offset: number, ks: Int32Array): Int32Array {
  let c = 0;
  let d = 0;
  for (let b = 0; b < 8; b++) {
    const v = key[offset + b]!;
    c |= PC1_C[b * 256 + v]!;
    d |= PC1_D[b * 256 + v]!;
  }
  for (let r = 0; r < 16; r++) {
    const s = SHIFTS[r]!;
    c = ((c << s) | (c >>> (28 - s))) & 0x0fffffff;
    d = ((d << s) | (d >>> (28 - s))) & 0x0fffffff;
    const kc =
      PC2_C[(c >>> 21) & 127]! | PC2_C[128 + ((c >>> 14) & 127)]! | PC2_C[256 + ((c >>> 7) & 127)]! | PC2_C[384 + (c & 127)]!;
    const kd =
      PC2_D[(d >>> 21) & 127]! | PC2_D[128 + ((d >>> 14) & 127)]! | PC2_D[256 + ((d >>> 7) & 127)]! | PC2_D[384 + (d & 127)]!;
    ks[2 * r] = ((kc >>> 18) << 24) | (((kc >>> 6) & 63) << 16) | (((kd >>> 18) & 63) << 8) | ((kd >>> 6) & 63);
    ks[2 * r + 1] = (((kc >>> 12) & 63) << 24) | ((kc & 63) << 16) | (((kd >>> 12) & 63) << 8) | (kd & 63);
  }
  return ks;
}

/** The same round keys in decryption order. */
export function reverseSchedule(ks: Int32Array): Int32Array {
  const out = new Int32Array(32);
  for (let r = 0; r < 16; r++) {
    out[2 * r] = ks[30 - 2 * r]!;
    out[2 * r + 1] = ks[31 - 2 * r]!;
  }
  return out;
}

/**
 * The cipher function f(R, K) of FIPS 46-3. Expansion E: group i takes R bits 4i..4i+5 (1-based,
 * wrapping), so rotr(R, 3) puts the even groups, and rotl(R, 1) the odd groups, in the low six
 * bits of each byte, where the round key words hold them.
 */
function f(r: number, ks: Int32Array, o: number): number {
  const e = ((r >>> 3) | (r << 29)) ^ ks[o]!;
  const u = ((r << 1) | (r >>> 31)) ^ ks[o + 1]!;
  return (
    SP[(e >>> 24) & 63]! |
    SP[128 + ((e >>> 16) & 63)]! |
    SP[256 + ((e >>> 8) & 63)]! |
    SP[384 + (e & 63)]! |
    SP[64 + ((u >>> 24) & 63)]! |
    SP[192 + ((u >>> 16) & 63)]! |
    SP[320 + ((u >>> 8) & 63)]! |
    SP[448 + (u & 63)]!
  );
}

/**
 * Run one block through a chain of DES passes: `schedule` holds 32 entries per pass (16 rounds,
 * each already in encryption or decryption order). One pass is DES; three are TDEA EDE or DED.
 */
export function desBlock(schedule: Int32Array, src: Uint8Array, srcOff: number, dst: Uint8Array, dstOff: number): void {
  let l =
    IP_L[src[srcOff]!]! | IP_L[256 + src[srcOff + 1]!]! | IP_L[512 + src[srcOff + 2]!]! | IP_L[768 + src[srcOff + 3]!]! |
    IP_L[1024 + src[srcOff + 4]!]! | IP_L[1280 + src[srcOff + 5]!]! | IP_L[1536 + src[srcOff + 6]!]! | IP_L[1792 + src[srcOff + 7]!]!;
  let r =
    IP_R[src[srcOff]!]! | IP_R[256 + src[srcOff + 1]!]! | IP_R[512 + src[srcOff + 2]!]! | IP_R[768 + src[srcOff + 3]!]! |
    IP_R[1024 + src[srcOff + 4]!]! | IP_R[1280 + src[srcOff + 5]!]! | IP_R[1536 + src[srcOff + 6]!]! | IP_R[1792 + src[srcOff + 7]!]!;
  const n = schedule.length;
  for (let pass = 0; pass < n; pass += 32) {
    for (let o = pass; o < pass + 32; o += 4) {
      l ^= f(r, schedule, o);
      r ^= f(l, schedule, o + 2);
    }
    // Pre-output is R16 L16; the next pass (if any) starts from it after FP∘IP = identity.
    const t = l;
    l = r;
    r = t;
  }
  const h =
    FP_H[l >>> 24]! | FP_H[256 + ((l >>> 16) & 255)]! | FP_H[512 + ((l >>> 8) & 255)]! | FP_H[768 + (l & 255)]! |
    FP_H[1024 + (r >>> 24)]! | FP_H[1280 + ((r >>> 16) & 255)]! | FP_H[1536 + ((r >>> 8) & 255)]! | FP_H[1792 + (r & 255)]!;
  const w =
    FP_L[l >>> 24]! | FP_L[256 + ((l >>> 16) & 255)]! | FP_L[512 + ((l >>> 8) & 255)]! | FP_L[768 + (l & 255)]! |
    FP_L[1024 + (r >>> 24)]! | FP_L[1280 + ((r >>> 16) & 255)]! | FP_L[1536 + ((r >>> 8) & 255)]! | FP_L[1792 + (r & 255)]!;
  dst[dstOff] = h >>> 24;
  dst[dstOff + 1] = h >>> 16;
  dst[dstOff + 2] = h >>> 8;
  dst[dstOff + 3] = h;
  dst[dstOff + 4] = w >>> 24;
  dst[dstOff + 5] = w >>> 16;
  dst[dstOff + 6] = w >>> 8;
  dst[dstOff + 7] = w;
}

/** Zeroise key schedules (`destroy()`). */
function wipeAll(...arrays: Array<Int32Array | undefined>): void {
  for (const a of arrays) a?.fill(0);
}

/**
 * A DES or TDEA {@link PreparedCipher} on the table core. The decryption schedule is built on
 * first use (DUKPT and MACs mostly only encrypt).
 */
export function prepareDes(algorithm: 'des' | 'tdes', key: Uint8Array): PreparedCipher {
  checkKeyLength(algorithm, key);
  const k = key.slice();
  const enc = desEncryptSchedule(k);
  let dec: Int32Array | undefined;
  return preparedFromBlocks(
    algorithm,
    (s, so, d, o) => desBlock(enc, s, so, d, o),
    (s, so, d, o) => desBlock((dec ??= desDecryptSchedule(k)), s, so, d, o),
    () => {
      k.fill(0);
      wipeAll(enc, dec);
    },
  );
}

/** The encryption schedule alone (DES 32 entries, TDEA 96). */
export function desEncryptSchedule(key: Uint8Array): Int32Array {
  if (key.length === 8) return desKeySchedule(key);
  const k1 = desKeySchedule(key, 0);
  const out = new Int32Array(96);
  out.set(k1, 0);
  out.set(reverseSchedule(desKeySchedule(key, 8)), 32);
  out.set(key.length === 24 ? desKeySchedule(key, 16) : k1, 64);
  return out;
}

/** The decryption schedule alone. */
export function desDecryptSchedule(key: Uint8Array): Int32Array {
  if (key.length === 8) return reverseSchedule(desKeySchedule(key));
  const d1 = reverseSchedule(desKeySchedule(key, 0));
  const out = new Int32Array(96);
  out.set(key.length === 24 ? reverseSchedule(desKeySchedule(key, 16)) : d1, 0);
  out.set(desKeySchedule(key, 8), 32);
  out.set(d1, 64);
  return out;
}

const scratch = new Int32Array(32);

/**
 * One-shot single-DES ECB encryption under a key used once (DUKPT's non-reversible key generation
 * changes keys every block): the schedule goes into a scratch array, which is wiped afterwards.
 */
export function desEncryptOnce(key: Uint8Array, data: Uint8Array, out: Uint8Array = new Uint8Array(data.length)): Uint8Array {
  desKeyScheduleInto(key, 0, scratch);
  for (let o = 0; o < data.length; o += 8) desBlock(scratch, data, o, out, o);
  scratch.fill(0);
  return out;
}
