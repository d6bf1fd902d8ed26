/**
 * The magnetic-stripe character sets and the framing shared by the three tracks.
 *
 * ISO/IEC 7811-2 (and ISO/IEC 7813 §6, ISO/IEC 4909 §7): track 1 uses the 6-bit alphanumeric set,
 * characters 0x20-0x5F each stored as `code - 0x20`; tracks 2 and 3 use the 4-bit numeric set,
 * characters 0x30-0x3F stored as `code - 0x30`. Track 1 is framed by `%` … `?`, tracks 2 and 3 by
 * `;` … `?`; the longitudinal redundancy check (LRC) character follows the end sentinel.
 *
 * Maximum lengths count the start sentinel, the end sentinel and the LRC: 79 characters on track 1
 * (ISO/IEC 7813 §7.1), 40 on track 2 (§7.2), 107 on track 3 (ISO/IEC 4909 §8). The data between the
 * sentinels is therefore at most 76, 37 and 104 characters, the sizes of ISO 8583 DE 45, DE 35 and
 * DE 36.
 */
import { fail } from '../core/index';

/**
 * A magnetic-stripe track number.
 *
 * @example
 * ```ts
 * decodeStripeBits(bits, { track: 2 satisfies TrackNumber });
 * ```
 */
export type TrackNumber = 1 | 2 | 3;

/** The coding of one track's character set (ISO/IEC 7811-2). */
export interface TrackAlphabet {
  /** Start sentinel character. */
  readonly start: string;
  /** End sentinel character (`?` on every track). */
  readonly end: string;
  /** Character code of the value 0 (0x20 for track 1, 0x30 for tracks 2 and 3). */
  readonly base: number;
  /** Data bits per character (6 for track 1, 4 for tracks 2 and 3), plus one odd parity bit. */
  readonly dataBits: 4 | 6;
  /** Maximum characters on the track, counting both sentinels and the LRC. */
  readonly maxChars: number;
}

const TRACK1: TrackAlphabet = { start: '%', end: '?', base: 0x20, dataBits: 6, maxChars: 79 };
const TRACK2: TrackAlphabet = { start: ';', end: '?', base: 0x30, dataBits: 4, maxChars: 40 };
const TRACK3: TrackAlphabet = { start: ';', end: '?', base: 0x30, dataBits: 4, maxChars: 107 };

/** The alphabet of track `n`. */
export function trackAlphabet(n: TrackNumber): TrackAlphabet {
  switch (n) {
    case 1:
      return TRACK1;
    case 2:
      return TRACK2;
    case 3:
      return TRACK3;
    default: {
      const never: never = n;
      return fail('INVALID_ARGUMENT', `track must be 1, 2 or 3, not ${String(never)}`, { path: 'track' });
    }
  }
}

/** The data characters of a track with its framing removed. */
export interface Unframed {
  /** The characters between the sentinels. */
  readonly data: string;
  /** Offset of `data[0]` in the input text (1 when a start sentinel was present). */
  readonly offset: number;
}

/**
 * The LRC of a framed track text (start sentinel … end sentinel): the XOR of every character's
 * data bits (ISO/IEC 7811-2: even parity over each bit column, sentinels included).
 * Returns the character value (0-15 or 0-63), not the character.
 */
export function lrcOf(framed: string, alphabet: TrackAlphabet): number {
  let lrc = 0;
  for (let i = 0; i < framed.length; i++) lrc ^= framed.charCodeAt(i) - alphabet.base;
  return lrc & ((1 << alphabet.dataBits) - 1);
}

/**
 * Strip the sentinels (optional on input) and an LRC character after the end sentinel (optional,
 * checked when present), and check the length. A start sentinel without an end sentinel is a
 * truncated read and an error.
 */
export function unframe(text: string, track: TrackNumber, path: string): Unframed {
  const a = trackAlphabet(track);
  if (text.length > a.maxChars) {
    fail('TRACK_TOO_LONG', `${text.length} characters, track ${track} holds at most ${a.maxChars} with sentinels and LRC`, { path, offset: a.maxChars });
  }
  const hasStart = text.startsWith(a.start);
  let end = text.length;
  if (hasStart) {
    // The data never holds `?`, so `?` in the last-but-one place is the end sentinel and the last
    // character the LRC (which may itself be `?`: value 15 on tracks 2 and 3, 31 on track 1).
    if (text.length > 2 && text[text.length - 2] === a.end) {
      end = text.length - 2;
      const expected = lrcOf(text.slice(0, end + 1), a);
      const found = text.charCodeAt(text.length - 1) - a.base;
      if (found !== expected) fail('TRACK_LRC_ERROR', 'the LRC character after the end sentinel does not match the data', { path: `${path}.lrc`, offset: text.length - 1 });
    } else if (text.endsWith(a.end) && text.length > 1) end = text.length - 1;
    else fail('TRACK_NO_END_SENTINEL', 'start sentinel present but no end sentinel', { path, offset: text.length });
  } else if (text.endsWith(a.end)) end = text.length - 1;
  const start = hasStart ? 1 : 0;
  const data = text.slice(start, end);
  if (data.length === 0) fail('TRACK_EMPTY', 'no data between the sentinels', { path, offset: start });
  if (data.length > a.maxChars - 3) {
    fail('TRACK_TOO_LONG', `${data.length} data characters, track ${track} holds at most ${a.maxChars - 3}`, { path, offset: start + a.maxChars - 3 });
  }
  return { data, offset: start };
}

/** Frame track data with its sentinels: `%data?` or `;data?`. */
export function frame(data: string, track: TrackNumber): string {
  const a = trackAlphabet(track);
  return a.start + data + a.end;
}
