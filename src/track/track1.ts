/**
 * Track 1, ISO/IEC 7813 §7.1 format B.
 *
 * Layout: start sentinel `%`, format code `B`, PAN (up to 19 digits), field separator `^`, name
 * (2 to 26 characters), `^`, expiry date YYMM (or `^` when absent), service code (3 digits, or
 * `^` when absent), discretionary data, end sentinel `?`, LRC. At most 79 characters with
 * sentinels and LRC, so 76 between the sentinels (the size of ISO 8583 DE 45 and EMV tag 56).
 * Every character is from the 6-bit ISO/IEC 7811-2 alphabet, 0x20-0x5F.
 *
 * The name is `SURNAME/FIRST M.TITLE`: surname, `/`, first name or initial, a space and a middle
 * name or initial when present, a period when a title follows, the title; padded with spaces.
 */
import { fail, maskPan, redact } from '../core/index';
import { frame, unframe } from './alphabet';
import { checkExpiry, checkPan, checkServiceCode, readExpiryServiceCode, readPan } from './fields';
import { MaskedRecord } from './masked';

/** The fields of track 1 (format B). */
export interface Track1Fields {
  /** Primary account number, 1-19 digits. */
  readonly pan: string;
  /** The name field as encoded, 2-26 characters (trailing padding spaces included). */
  readonly name: string;
  /** Expiry date `YYMM`, or `undefined` when the track encodes a separator instead. */
  readonly expiry: string | undefined;
  /** Service code, three digits, or `undefined` when not encoded. */
  readonly serviceCode: string | undefined;
  /** Discretionary data after the service code, possibly empty. */
  readonly discretionaryData: string;
}

/** The parts of a track-1 name, ISO/IEC 7813 §7.1. */
export interface Track1Name {
  readonly surname: string;
  readonly firstName: string;
  readonly middleName: string;
  readonly title: string;
}

/** Options for {@link buildTrack1}. */
export interface BuildTrack1Options {
  /** Add the `%` and `?` sentinels (default `true`). */
  readonly sentinels?: boolean;
}

const NAME_MIN = 2;
const NAME_MAX = 26;
const DATA_MAX = 76;

/**
 * Parsed track 1. Prints masked; the clear values are the properties and {@link Track1.reveal}.
 *
 * @example
 * ```ts
 * String(parseTrack1('%B4761739001010010^CARDHOLDER/TEST A.MR^2512201000000123000000?'));
 * // 'Track1 {"pan":"476173******0010","name":"[redacted 20 chars]","expiry":"****","serviceCode":"201","discretionaryData":"[redacted 15 chars]"}'
 * ```
 */
export class Track1 extends MaskedRecord<Track1Fields> implements Track1Fields {
  protected readonly kind = 'Track1';
  readonly pan: string;
  readonly name: string;
  readonly expiry: string | undefined;
  readonly serviceCode: string | undefined;
  readonly discretionaryData: string;

  constructor(fields: Track1Fields) {
    super();
    this.pan = fields.pan;
    this.name = fields.name;
    this.expiry = fields.expiry;
    this.serviceCode = fields.serviceCode;
    this.discretionaryData = fields.discretionaryData;
  }

  /** The name split into surname, first name, middle name and title. */
  get nameParts(): Track1Name {
    return parseTrack1Name(this.name);
  }

  reveal(): Track1Fields {
    return { pan: this.pan, name: this.name, expiry: this.expiry, serviceCode: this.serviceCode, discretionaryData: this.discretionaryData };
  }

  protected masked(): Record<string, unknown> {
    return {
      pan: maskPan(this.pan),
      name: redact(this.name),
      expiry: this.expiry === undefined ? null : '****',
      serviceCode: this.serviceCode ?? null,
      discretionaryData: redact(this.discretionaryData),
    };
  }
}

/** True for a character of the ISO/IEC 7811-2 6-bit alphabet that may appear between the sentinels. */
function isTrack1DataChar(c: number): boolean {
  return c >= 0x20 && c <= 0x5f && c !== 0x25 /* % */ && c !== 0x3f /* ? */;
}

/**
 * Split a track-1 name `SURNAME/FIRST M.TITLE` into its parts. Trailing padding is dropped; a
 * name without `/` is all surname.
 *
 * @example
 * ```ts
 * parseTrack1Name('PADILLA/L.                ');
 * // { surname: 'PADILLA', firstName: 'L', middleName: '', title: '' }
 * parseTrack1Name('CARDHOLDER/TEST A.MR');
 * // { surname: 'CARDHOLDER', firstName: 'TEST', middleName: 'A', title: 'MR' }
 * ```
 */
export function parseTrack1Name(name: string): Track1Name {
  const trimmed = name.replace(/ +$/, '');
  const slash = trimmed.indexOf('/');
  if (slash < 0) return { surname: trimmed, firstName: '', middleName: '', title: '' };
  const surname = trimmed.slice(0, slash);
  let given = trimmed.slice(slash + 1);
  let title = '';
  const dot = given.lastIndexOf('.');
  if (dot >= 0) {
    title = given.slice(dot + 1);
    given = given.slice(0, dot);
  }
  const space = given.indexOf(' ');
  return space < 0
    ? { surname, firstName: given, middleName: '', title }
    : { surname, firstName: given.slice(0, space), middleName: given.slice(space + 1), title };
}

/**
 * Compose a track-1 name from its parts (ISO/IEC 7813 §7.1): `SURNAME/FIRST M.TITLE`.
 *
 * @example
 * ```ts
 * formatTrack1Name({ surname: 'CARDHOLDER', firstName: 'TEST', middleName: 'A', title: 'MR' }); // 'CARDHOLDER/TEST A.MR'
 * ```
 */
export function formatTrack1Name(parts: Track1Name): string {
  return `${parts.surname}/${parts.firstName}${parts.middleName ? ` ${parts.middleName}` : ''}${parts.title ? `.${parts.title}` : ''}`;
}

/**
 * Parse track 1 (format B) text. Sentinels are optional; an LRC character after `?` is checked
 * when present. Errors carry paths `track1`, `track1.formatCode`, `track1.pan`, `track1.name`,
 * `track1.expiry`, `track1.serviceCode` and the character offset in `text`.
 *
 * @example
 * ```ts
 * const t = parseTrack1('%B4761739001010010^CARDHOLDER/TEST A.MR^2512201000000123000000?');
 * t.nameParts.surname; // 'CARDHOLDER'
 * t.serviceCode;       // '201'
 * ```
 */
export function parseTrack1(text: string, options: { readonly path?: string } = {}): Track1 {
  const path = options.path ?? 'track1';
  const { data, offset } = unframe(text, 1, path);
  for (let i = 0; i < data.length; i++) {
    if (!isTrack1DataChar(data.charCodeAt(i))) {
      fail('TRACK_INVALID_CHARACTER', `character ${offset + i} is outside the track-1 alphabet`, { path, offset: offset + i });
    }
  }
  if (data[0] !== 'B') fail('TRACK_INVALID_FORMAT_CODE', 'format code is not B', { path: `${path}.formatCode`, offset });
  const ctx = { path, at: (i: number): number => offset + i };
  const { pan, next: nameStart } = readPan(data, 1, '^', ctx);
  const nameEnd = data.indexOf('^', nameStart);
  if (nameEnd < 0) fail('TRACK_MISSING_SEPARATOR', 'no field separator after the name', { path: `${path}.name`, offset: offset + data.length });
  const name = data.slice(nameStart, nameEnd);
  if (name.length < NAME_MIN || name.length > NAME_MAX) {
    fail('TRACK_INVALID_NAME', `name has ${name.length} characters, expected ${NAME_MIN} to ${NAME_MAX}`, { path: `${path}.name`, offset: offset + nameStart });
  }
  const { expiry, serviceCode, next } = readExpiryServiceCode(data, nameEnd + 1, '^', ctx);
  return new Track1({ pan, name, expiry, serviceCode, discretionaryData: data.slice(next) });
}

/**
 * Build track 1 (format B) text from its fields (with sentinels unless `sentinels: false`).
 *
 * @example
 * ```ts
 * buildTrack1({ pan: '4761739001010010', name: 'CARDHOLDER/TEST A.MR', expiry: '2512', serviceCode: '201', discretionaryData: '000000123000000' });
 * // '%B4761739001010010^CARDHOLDER/TEST A.MR^2512201000000123000000?'
 * ```
 */
export function buildTrack1(fields: Track1Fields, options: BuildTrack1Options = {}): string {
  const path = 'track1';
  checkPan(fields.pan, `${path}.pan`);
  if (fields.name.length < NAME_MIN || fields.name.length > NAME_MAX) {
    fail('TRACK_INVALID_NAME', `name has ${fields.name.length} characters, expected ${NAME_MIN} to ${NAME_MAX}`, { path: `${path}.name` });
  }
  for (let i = 0; i < fields.name.length; i++) {
    const c = fields.name.charCodeAt(i);
    if (!isTrack1DataChar(c) || c === 0x5e /* ^ */) fail('TRACK_INVALID_CHARACTER', `name character ${i} is not allowed`, { path: `${path}.name`, offset: i });
  }
  if (fields.expiry !== undefined) checkExpiry(fields.expiry, { path: `${path}.expiry` });
  if (fields.serviceCode !== undefined) checkServiceCode(fields.serviceCode, `${path}.serviceCode`);
  for (let i = 0; i < fields.discretionaryData.length; i++) {
    if (!isTrack1DataChar(fields.discretionaryData.charCodeAt(i))) {
      fail('TRACK_INVALID_CHARACTER', `discretionary data character ${i} is outside the track-1 alphabet`, { path: `${path}.discretionaryData`, offset: i });
    }
  }
  const data = `B${fields.pan}^${fields.name}^${fields.expiry ?? '^'}${fields.serviceCode ?? '^'}${fields.discretionaryData}`;
  if (data.length > DATA_MAX) fail('TRACK_TOO_LONG', `${data.length} data characters, track 1 holds at most ${DATA_MAX}`, { path });
  return options.sentinels === false ? data : frame(data, 1);
}
