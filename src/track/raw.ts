/**
 * Raw magnetic-stripe bits, ISO/IEC 7811-2 (track 1: 210 bpi, 7-bit characters; track 2: 75 bpi
 * and track 3: 210 bpi, 5-bit characters) with the framing of ISO/IEC 7811-2 and ISO/IEC 7813.
 *
 * Each character is recorded least significant bit first, then an odd parity bit: 6 data bits on
 * track 1 (`code - 0x20`), 4 on tracks 2 and 3 (`code - 0x30`). The recording is: clocking
 * zeros, start sentinel (`%` or `;`), data, end sentinel `?`, LRC character, clocking zeros. The
 * LRC's data bits are the XOR of the data bits of every character from start to end sentinel
 * (even parity per bit column); its own parity bit is odd, like every character's.
 *
 * A card swiped the other way delivers the same bits in reverse order. The decoder reads forward
 * and, when that finds no start sentinel (or fails while the reverse reads cleanly), reverses
 * the stream.
 *
 * Bits in: a string of `'0'`/`'1'` (whitespace ignored), a `Uint8Array` of packed bits (most
 * significant bit of byte 0 first, all `8 × length` bits used), or a {@link StripeBits} with an
 * explicit `bitLength`. Bits out: a {@link StripeBits}.
 */
import { fail, maskTrack } from '../core/index';
import { lrcOf, trackAlphabet, type TrackAlphabet, type TrackNumber } from './alphabet';
import { MaskedRecord } from './masked';

/** Packed bits, most significant bit of `bytes[0]` first, `bitLength` of them meaningful. */
export interface StripeBits {
  readonly bytes: Uint8Array;
  readonly bitLength: number;
}

/** Which way the card went through the reader, relative to the encoding direction. */
export type SwipeDirection = 'forward' | 'reverse';

/** Options for {@link decodeStripeBits}. */
export interface DecodeStripeBitsOptions {
  readonly track: TrackNumber;
  /** Accept non-zero bits after the LRC (default `false`: they are `TRACK_TRAILING_DATA`). */
  readonly allowTrailingBits?: boolean;
}

/** Options for {@link encodeStripeBits}. */
export interface EncodeStripeBitsOptions {
  readonly track: TrackNumber;
  /** Clocking zeros before the start sentinel (default 20). */
  readonly leadingZeros?: number;
  /** Clocking zeros after the LRC (default 20). */
  readonly trailingZeros?: number;
  /** `'reverse'` produces the bits of a swipe in the opposite direction (default `'forward'`). */
  readonly direction?: SwipeDirection;
}

/** The clear values of a {@link StripeRead}. */
export interface StripeReadFields {
  /** The characters from start sentinel to end sentinel inclusive, e.g. `';4761…?'`. */
  readonly text: string;
  /** The LRC character value read (and checked). */
  readonly lrc: number;
  readonly direction: SwipeDirection;
  /** Clocking zeros before the start sentinel, in the card's recording order (whatever the swipe direction). */
  readonly leadingZeros: number;
  /** Bits after the LRC, in the card's recording order. */
  readonly trailingBits: number;
}

/**
 * One track decoded from the bits a read head delivered. Prints masked.
 *
 * @example
 * ```ts
 * decodeStripeBits(hex('00D43F5000'), { track: 2 }).reveal();
 * // { text: ';1?', lrc: 5, direction: 'forward', leadingZeros: 8, trailingBits: 8 }
 * ```
 */
export class StripeRead extends MaskedRecord<StripeReadFields> implements StripeReadFields {
  protected readonly kind = 'StripeRead';
  readonly text: string;
  readonly lrc: number;
  readonly direction: SwipeDirection;
  readonly leadingZeros: number;
  readonly trailingBits: number;

  constructor(fields: StripeReadFields) {
    super();
    this.text = fields.text;
    this.lrc = fields.lrc;
    this.direction = fields.direction;
    this.leadingZeros = fields.leadingZeros;
    this.trailingBits = fields.trailingBits;
  }

  reveal(): StripeReadFields {
    return { text: this.text, lrc: this.lrc, direction: this.direction, leadingZeros: this.leadingZeros, trailingBits: this.trailingBits };
  }

  protected masked(): Record<string, unknown> {
    return { text: maskTrack(this.text), direction: this.direction, leadingZeros: this.leadingZeros, trailingBits: this.trailingBits };
  }
}

/** More bits than any swipe delivers (a 3.4-inch stripe at 210 bpi is ~720 bits); bounds the work. */
const MAX_BITS = 1 << 16;

/** A caller's `bitLength`, checked against the bytes that hold it before any work is sized by it. */
function checkedBitLength(bits: StripeBits): number {
  const max = bits.bytes.length * 8;
  if (!Number.isSafeInteger(bits.bitLength) || bits.bitLength < 0 || bits.bitLength > max) {
    fail('INVALID_ARGUMENT', `bitLength must be 0 to ${max}`, { path: 'bitLength' });
  }
  return bits.bitLength;
}

/** One bit per array element, 0 or 1. */
function unpackBits(input: StripeBits | Uint8Array | string): Uint8Array {
  if (typeof input === 'string') {
    const bits = new Uint8Array(Math.min(input.length, MAX_BITS + 1));
    let n = 0;
    for (let i = 0; i < input.length; i++) {
      const c = input[i];
      if (c === '0' || c === '1') {
        if (n === MAX_BITS) fail('TRACK_TOO_LONG', `more than ${MAX_BITS} bits`, { path: 'bits', offset: i });
        bits[n++] = c === '1' ? 1 : 0;
      } else if (c !== ' ' && c !== '\n' && c !== '\r' && c !== '\t') {
        fail('TRACK_INVALID_CHARACTER', "bit strings hold only '0' and '1'", { path: 'bits', offset: i });
      }
    }
    return bits.subarray(0, n);
  }
  const bytes = input instanceof Uint8Array ? input : input.bytes;
  const bitLength = input instanceof Uint8Array ? bytes.length * 8 : checkedBitLength(input);
  if (bitLength > MAX_BITS) fail('TRACK_TOO_LONG', `more than ${MAX_BITS} bits`, { path: 'bits', offset: MAX_BITS });
  const bits = new Uint8Array(bitLength);
  for (let i = 0; i < bitLength; i++) bits[i] = (bytes[i >> 3]! >> (7 - (i & 7))) & 1;
  return bits;
}

function packBits(bits: Uint8Array): StripeBits {
  const bytes = new Uint8Array((bits.length + 7) >> 3);
  for (let i = 0; i < bits.length; i++) if (bits[i]) bytes[i >> 3]! |= 0x80 >> (i & 7);
  return { bytes, bitLength: bits.length };
}

/** Thrown inside the scanner when no start sentinel is where the first 1 bit is. */
const NO_START = Symbol('no start sentinel');

function readChar(bits: Uint8Array, at: number, a: TrackAlphabet): { value: number; parityOk: boolean } | undefined {
  if (at + a.dataBits + 1 > bits.length) return undefined;
  let value = 0;
  let ones = 0;
  for (let k = 0; k < a.dataBits; k++) {
    const b = bits[at + k]!;
    value |= b << k;
    ones += b;
  }
  ones += bits[at + a.dataBits]!;
  return { value, parityOk: (ones & 1) === 1 };
}

function scan(bits: Uint8Array, a: TrackAlphabet, direction: SwipeDirection, allowTrailing: boolean): StripeRead {
  const w = a.dataBits + 1;
  const startValue = a.start.charCodeAt(0) - a.base;
  const endValue = a.end.charCodeAt(0) - a.base;
  let i = bits.indexOf(1);
  if (i < 0) throw NO_START;
  const leadingZeros = i;
  const ss = readChar(bits, i, a);
  if (!ss || ss.value !== startValue || !ss.parityOk) throw NO_START;
  let text = a.start;
  let lrc = startValue;
  i += w;
  for (let idx = 1; ; idx++) {
    // Room for this character, the end sentinel and the LRC within the track's capacity.
    if (idx > a.maxChars - 2) fail('TRACK_TOO_LONG', `no end sentinel within ${a.maxChars} characters`, { path: 'stripe', offset: idx });
    const ch = readChar(bits, i, a);
    if (!ch) fail('TRACK_NO_END_SENTINEL', `bits end after ${idx} characters without an end sentinel`, { path: 'stripe', offset: idx });
    if (!ch.parityOk) fail('TRACK_PARITY_ERROR', `character ${idx} fails its odd parity check`, { path: `stripe.char[${idx}]`, offset: idx });
    text += String.fromCharCode(a.base + ch.value);
    lrc ^= ch.value;
    i += w;
    if (ch.value === endValue) break;
  }
  const lrcIndex = text.length;
  const found = readChar(bits, i, a);
  if (!found) fail('TRACK_LRC_ERROR', 'bits end before the LRC character', { path: 'stripe.lrc', offset: lrcIndex });
  if (!found.parityOk) fail('TRACK_LRC_ERROR', 'the LRC character fails its odd parity check', { path: 'stripe.lrc', offset: lrcIndex });
  if (found.value !== lrc) fail('TRACK_LRC_ERROR', 'the LRC character does not match the data', { path: 'stripe.lrc', offset: lrcIndex });
  i += w;
  const trailingBits = bits.length - i;
  if (!allowTrailing && bits.indexOf(1, i) >= 0) fail('TRACK_TRAILING_DATA', 'non-zero bits after the LRC character', { path: 'stripe', offset: lrcIndex + 1 });
  return new StripeRead({ text, lrc, direction, leadingZeros, trailingBits });
}

/**
 * Decode one track from the bits a read head delivered, in either swipe direction. Parity
 * failures are `TRACK_PARITY_ERROR` with path `stripe.char[i]` and offset `i` (the character
 * index, start sentinel = 0); LRC failures are `TRACK_LRC_ERROR` at `stripe.lrc`.
 *
 * @example
 * ```ts
 * const read = decodeStripeBits(hex('00D43F5000'), { track: 2 });
 * read.text;      // ';1?'
 * read.lrc;       // 5
 * read.direction; // 'forward'
 * decodeStripeBits('000000001010111111000010101100000000', { track: 2 }).direction; // 'reverse'
 * ```
 */
export function decodeStripeBits(bits: StripeBits | Uint8Array | string, options: DecodeStripeBitsOptions): StripeRead {
  const a = trackAlphabet(options.track);
  const forward = unpackBits(bits);
  const allow = options.allowTrailingBits === true;
  const attempt = (stream: Uint8Array, direction: SwipeDirection): StripeRead | { readonly error: unknown } => {
    try {
      return scan(stream, a, direction, allow);
    } catch (e) {
      return { error: e };
    }
  };
  // Both directions are always tried: a short stream read the wrong way can pass every parity
  // and LRC check by chance (found by fuzzing with no clocking zeros), and returning that read
  // would be silently wrong card data.
  const f = attempt(forward, 'forward');
  const r = attempt(forward.slice().reverse(), 'reverse');
  if (f instanceof StripeRead && r instanceof StripeRead && f.text !== r.text) {
    fail('TRACK_AMBIGUOUS_DIRECTION', 'the bits decode cleanly in both directions to different data', { path: 'stripe', offset: 0 });
  }
  if (f instanceof StripeRead) return f;
  if (r instanceof StripeRead) return r;
  if (f.error !== NO_START) throw f.error;
  if (r.error !== NO_START) throw r.error;
  return fail('TRACK_NO_START_SENTINEL', `no ${a.start} start sentinel in either direction`, { path: 'stripe', offset: 0 });
}

/**
 * Encode track text as the bits a read head would deliver: clocking zeros, start sentinel, data,
 * end sentinel, LRC, clocking zeros (sentinels are added when `text` lacks them). What a virtual
 * card reader feeds back to {@link decodeStripeBits}. Error offsets count characters of the
 * framed text (start sentinel = 0), like the decoder's.
 *
 * @example
 * ```ts
 * const bits = encodeStripeBits(';1?', { track: 2, leadingZeros: 8, trailingZeros: 8 });
 * toHex(bits.bytes); // '00D43F5000'
 * bits.bitLength;    // 36 (8 + 4 characters × 5 bits + 8)
 * ```
 */
export function encodeStripeBits(text: string, options: EncodeStripeBitsOptions): StripeBits {
  const a = trackAlphabet(options.track);
  const leading = options.leadingZeros ?? 20;
  const trailing = options.trailingZeros ?? 20;
  for (const [name, n] of [['leadingZeros', leading], ['trailingZeros', trailing]] as const) {
    if (!Number.isSafeInteger(n) || n < 0 || n > 4096) fail('INVALID_ARGUMENT', `${name} must be 0 to 4096`, { path: name });
  }
  let framed = text;
  if (!framed.startsWith(a.start)) framed = a.start + framed;
  if (framed.length < 2 || !framed.endsWith(a.end)) framed += a.end;
  if (framed.length + 1 > a.maxChars) {
    fail('TRACK_TOO_LONG', `${framed.length + 1} characters with sentinels and LRC, track ${options.track} holds at most ${a.maxChars}`, { path: 'stripe', offset: a.maxChars });
  }
  const w = a.dataBits + 1;
  const bits = new Uint8Array(leading + (framed.length + 1) * w + trailing);
  let at = leading;
  const put = (value: number): void => {
    let ones = 0;
    for (let k = 0; k < a.dataBits; k++) {
      const b = (value >> k) & 1;
      bits[at + k] = b;
      ones += b;
    }
    bits[at + a.dataBits] = (ones & 1) === 1 ? 0 : 1;
    at += w;
  };
  for (let i = 0; i < framed.length; i++) {
    const value = framed.charCodeAt(i) - a.base;
    const interior = i > 0 && i < framed.length - 1;
    if (value < 0 || value >= 1 << a.dataBits || (interior && (framed[i] === a.start || framed[i] === a.end))) {
      fail('TRACK_INVALID_CHARACTER', `framed character ${i} is not a track-${options.track} data character`, { path: `stripe.char[${i}]`, offset: i });
    }
    put(value);
  }
  put(lrcOf(framed, a));
  return packBits(options.direction === 'reverse' ? bits.reverse() : bits);
}

/**
 * Render bits as a `'0'`/`'1'` string. A `bitLength` beyond the bytes given is `INVALID_ARGUMENT`.
 *
 * @example
 * ```ts
 * stripeBitsToString({ bytes: hex('D0'), bitLength: 5 }); // '11010'
 * ```
 */
export function stripeBitsToString(bits: StripeBits): string {
  const bitLength = checkedBitLength(bits);
  let s = '';
  for (let i = 0; i < bitLength; i++) s += (bits.bytes[i >> 3]! >> (7 - (i & 7))) & 1 ? '1' : '0';
  return s;
}
