/**
 * Track 2 (ISO/IEC 7813 §7.2) and its EMV chip image, Track 2 Equivalent Data (tag 57, EMV Book 3
 * Annex A).
 *
 * Track 2 layout: start sentinel `;`, PAN (up to 19 digits), field separator `=`, expiry date
 * YYMM (or a separator when absent), service code (3 digits, or a separator when absent),
 * discretionary data (digits) up to the 37-character data limit, end sentinel `?`, LRC. ISO 8583
 * and EMV write the separator as `D`; both are accepted.
 *
 * Tag 57 packs the same characters as BCD: the separator is nibble `D`, and an odd number of
 * nibbles is padded with one `F`; at most 19 bytes.
 */
import { fail, maskPan, packBcd, redact, unpackBcd } from '../core/index';
import { frame, unframe } from './alphabet';
import { checkExpiry, checkPan, checkServiceCode, isDigits, readExpiryServiceCode, readPan } from './fields';
import { MaskedRecord } from './masked';

/** The field separator of a track-2 text: `=` on the stripe, `D` in ISO 8583 / EMV renderings. */
export type Track2Separator = '=' | 'D';

/** The fields of track 2. */
export interface Track2Fields {
  /** Primary account number, 1-19 digits. */
  readonly pan: string;
  /** Expiry date `YYMM`, or `undefined` when the track encodes a separator instead. */
  readonly expiry: string | undefined;
  /** Service code, three digits (ISO/IEC 7813 §7.5), or `undefined` when not encoded. */
  readonly serviceCode: string | undefined;
  /** Discretionary data: digits after the service code (PVV, CVV, …), possibly empty. */
  readonly discretionaryData: string;
}

/** Options for {@link buildTrack2}. */
export interface BuildTrack2Options {
  /** Field separator (default `'='`). */
  readonly separator?: Track2Separator;
  /** Add the `;` and `?` sentinels (default `true`). */
  readonly sentinels?: boolean;
}

/**
 * Parsed track 2. Prints masked; the clear values are the properties and {@link Track2.reveal}.
 *
 * @example
 * ```ts
 * new Track2({ pan: '4761739001010010', expiry: '2512', serviceCode: '201', discretionaryData: '1143804400000' }).toString();
 * // 'Track2 {"pan":"476173******0010","expiry":"****","serviceCode":"201","discretionaryData":"[redacted 13 chars]"}'
 * ```
 */
export class Track2 extends MaskedRecord<Track2Fields> implements Track2Fields {
  protected readonly kind = 'Track2';
  readonly pan: string;
  readonly expiry: string | undefined;
  readonly serviceCode: string | undefined;
  readonly discretionaryData: string;
  /** The separator the input used. */
  readonly separator: Track2Separator;

  constructor(fields: Track2Fields, separator: Track2Separator = '=') {
    super();
    this.pan = fields.pan;
    this.expiry = fields.expiry;
    this.serviceCode = fields.serviceCode;
    this.discretionaryData = fields.discretionaryData;
    this.separator = separator;
  }

  reveal(): Track2Fields {
    return { pan: this.pan, expiry: this.expiry, serviceCode: this.serviceCode, discretionaryData: this.discretionaryData };
  }

  protected masked(): Record<string, unknown> {
    return {
      pan: maskPan(this.pan),
      expiry: this.expiry === undefined ? null : '****',
      serviceCode: this.serviceCode ?? null,
      discretionaryData: redact(this.discretionaryData),
    };
  }
}

/**
 * Parse track 2 text. Sentinels are optional; an LRC character after `?` is checked when present.
 * Errors carry paths `track2`, `track2.pan`, `track2.expiry`, `track2.serviceCode`,
 * `track2.discretionaryData` and the character offset in `text`.
 *
 * @example
 * ```ts
 * const t = parseTrack2(';4761739001010010=25122011143804400000?');
 * t.pan;         // '4761739001010010'
 * t.expiry;      // '2512'
 * t.serviceCode; // '201'
 * String(t);     // 'Track2 {"pan":"476173******0010","expiry":"****","serviceCode":"201",...}'
 * ```
 */
export function parseTrack2(text: string, options: { readonly path?: string } = {}): Track2 {
  const path = options.path ?? 'track2';
  const { data, offset } = unframe(text, 2, path);
  return parseTrack2Data(data, path, (i) => offset + i);
}

function parseTrack2Data(data: string, path: string, at: (i: number) => number): Track2 {
  const ctx = { path, at };
  const { pan, separator, next } = readPan(data, 0, '=D', ctx);
  const { expiry, serviceCode, next: rest } = readExpiryServiceCode(data, next, separator, ctx);
  const dd = data.slice(rest);
  for (let i = 0; i < dd.length; i++) {
    const c = dd.charCodeAt(i);
    if (c < 48 || c > 57) {
      fail('TRACK_INVALID_CHARACTER', 'discretionary data must be decimal digits', { path: `${path}.discretionaryData`, offset: at(rest + i) });
    }
  }
  return new Track2({ pan, expiry, serviceCode, discretionaryData: dd }, separator as Track2Separator);
}

/** The track-2 data characters (no sentinels), validated. */
function track2Data(fields: Track2Fields, separator: Track2Separator, path: string, maxChars: number): string {
  checkPan(fields.pan, `${path}.pan`);
  if (fields.expiry !== undefined) checkExpiry(fields.expiry, { path: `${path}.expiry` });
  if (fields.serviceCode !== undefined) checkServiceCode(fields.serviceCode, `${path}.serviceCode`);
  if (fields.discretionaryData !== '' && !isDigits(fields.discretionaryData)) {
    fail('TRACK_INVALID_CHARACTER', 'discretionary data must be decimal digits', { path: `${path}.discretionaryData` });
  }
  const data = fields.pan + separator + (fields.expiry ?? separator) + (fields.serviceCode ?? separator) + fields.discretionaryData;
  if (data.length > maxChars) fail('TRACK_TOO_LONG', `${data.length} data characters, at most ${maxChars} fit`, { path });
  return data;
}

/**
 * Build track 2 text from its fields (with sentinels unless `sentinels: false`).
 *
 * @example
 * ```ts
 * buildTrack2({ pan: '4761739001010010', expiry: '2512', serviceCode: '201', discretionaryData: '1143804400000' });
 * // ';4761739001010010=25122011143804400000?'
 * ```
 */
export function buildTrack2(fields: Track2Fields, options: BuildTrack2Options = {}): string {
  const data = track2Data(fields, options.separator ?? '=', 'track2', 37);
  return options.sentinels === false ? data : frame(data, 2);
}

/** EMV Book 3 Annex A: Track 2 Equivalent Data is at most 19 bytes. */
const TAG57_MAX_BYTES = 19;

/**
 * Parse EMV Track 2 Equivalent Data (tag 57): BCD, separator nibble `D`, one trailing `F` pad
 * when the number of nibbles is odd. Errors use the path `tag57` (`tag57.pan`, `tag57.expiry`, …).
 *
 * @example
 * ```ts
 * const t = parseTrack2Equivalent(hex('4761739001010010D25122011143804400000F'));
 * t.pan; // '4761739001010010'
 * ```
 */
export function parseTrack2Equivalent(bytes: Uint8Array): Track2 {
  const path = 'tag57';
  if (bytes.length === 0) fail('TRACK_EMPTY', 'tag 57 is empty', { path, offset: 0 });
  if (bytes.length > TAG57_MAX_BYTES) fail('TRACK_TOO_LONG', `${bytes.length} bytes, tag 57 holds at most ${TAG57_MAX_BYTES}`, { path, offset: TAG57_MAX_BYTES });
  const padded = (bytes[bytes.length - 1]! & 0x0f) === 0x0f;
  const text = unpackBcd(bytes, { digits: bytes.length * 2 - (padded ? 1 : 0), align: 'left', allowSeparator: true, separator: 'D', path });
  // Offsets are bytes: nibble i sits in byte i >> 1.
  return parseTrack2Data(text, path, (i) => i >> 1);
}

/**
 * Build EMV Track 2 Equivalent Data (tag 57) from track-2 fields: BCD with separator `D`, padded
 * with one `F` nibble to a whole byte. Unlike the stripe (37 characters) tag 57 may carry 38
 * nibbles (19 bytes).
 *
 * @example
 * ```ts
 * toHex(buildTrack2Equivalent(parseTrack2(';4761739001010010=25122011143804400000?')));
 * // '4761739001010010D25122011143804400000F'
 * ```
 */
export function buildTrack2Equivalent(track2: Track2Fields): Uint8Array {
  const data = track2Data(track2, 'D', 'tag57', TAG57_MAX_BYTES * 2);
  return packBcd(data, { align: 'left', pad: 'F', path: 'tag57' });
}
