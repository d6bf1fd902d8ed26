/**
 * Track 3, ISO/IEC 4909:2006 §8 (the same layout as AS 3525-2008; field list also in the
 * Unitech MS335 reader manual, "Track 3", and in L. Padilla's summary, whose example track
 * `;011234567890123445=724724100000000000030300XXXX040400099010=…==1=0000000000000000?` fixes
 * the field order and widths below).
 *
 * Layout for format codes 01 and 02 (FS is `=`):
 *
 * | field | width |
 * |---|---|
 * | 2 format code | 2 digits |
 * | 3 PAN | up to 19 digits (optional when track 2 carries it), then FS (field 4) |
 * | 5 country code | 3 digits (ISO 4909:1987), or FS (deprecated by the 2006 edition) |
 * | 6 currency | 3 digits (ISO 4217 numeric; 000 = not for interchange) |
 * | 7 currency exponent | 1 digit |
 * | 8 amount authorised per cycle | 4 digits |
 * | 9 amount remaining this cycle | 4 digits |
 * | 10 cycle begin | 4 digits |
 * | 11 cycle length | 2 digits |
 * | 12 retry count | 1 digit |
 * | 13 PIN control parameters (PINPARM) | 6 digits, or FS when not used |
 * | 14 interchange control | 1 digit |
 * | 15 type of account and service restriction, PAN | 2 digits |
 * | 16 type of account and service restriction, SAN-1 | 2 digits |
 * | 17 type of account and service restriction, SAN-2 | 2 digits |
 * | 18 expiry date | 4 digits YYMM (0000 when not used) |
 * | 19 card sequence number | 1 digit |
 * | 20 card security number | 9 digits, or FS when not used |
 * | 21 first subsidiary account number (SAN-1) | variable digits, then FS (field 22) |
 * | 23 second subsidiary account number (SAN-2) | variable digits, then FS (field 24) |
 * | 25 relay marker | 1 digit |
 * | 26 crypto check digits (CCD) | 6 digits, or FS when not used |
 * | 27 additional data | the rest |
 *
 * Other format codes (00, 03-89 reserved, 90-99 issuer-private) are kept as raw data, with the
 * PAN taken from `FC PAN =` when the data starts that way.
 */
import { fail, maskPan, redact } from '../core/index';
import { frame, unframe } from './alphabet';
import { isDigits, MAX_PAN_DIGITS } from './fields';
import { MaskedRecord } from './masked';

/** ISO/IEC 4909: 107 characters with sentinels and LRC, so 104 between the sentinels. */
const MAX_DATA = 104;

/** The named fields of an ISO/IEC 4909 track 3 (format codes 01 and 02). */
export interface Track3Iso4909Fields {
  readonly layout: 'iso4909';
  /** `'01'` or `'02'`. */
  readonly formatCode: string;
  /** PAN, or `''` when not encoded (dual-track operation, ISO/IEC 4909 §8.3). */
  readonly pan: string;
  /** Country code (ISO 4909:1987), or `undefined` when a separator stands in its place. */
  readonly countryCode: string | undefined;
  readonly currencyCode: string;
  readonly currencyExponent: string;
  readonly amountAuthorisedPerCycle: string;
  readonly amountRemainingThisCycle: string;
  readonly cycleBegin: string;
  readonly cycleLength: string;
  readonly retryCount: string;
  /** PINPARM, or `undefined` when not used. */
  readonly pinControlParameters: string | undefined;
  readonly interchangeControl: string;
  /** Type of account (first digit) and service restriction (second digit) of the PAN. */
  readonly panServiceRestriction: string;
  readonly san1ServiceRestriction: string;
  readonly san2ServiceRestriction: string;
  /** Expiry date YYMM (`'0000'` when not used). */
  readonly expiry: string;
  readonly cardSequenceNumber: string;
  /** Card security number, or `undefined` when not used. */
  readonly cardSecurityNumber: string | undefined;
  readonly firstSubsidiaryAccountNumber: string;
  readonly secondSubsidiaryAccountNumber: string;
  readonly relayMarker: string;
  /** Crypto check digits, or `undefined` when not used. */
  readonly cryptoCheckDigits: string | undefined;
  readonly additionalData: string;
}

/** A track 3 whose layout is not ISO/IEC 4909 format 01/02: the data as read. */
export interface Track3RawFields {
  readonly layout: 'raw';
  /** The first two characters when they are digits. */
  readonly formatCode: string | undefined;
  /** The PAN when the data starts `FC PAN =`. */
  readonly pan: string | undefined;
  /** Every character between the sentinels. */
  readonly data: string;
}

/** The fields of track 3, by layout. */
export type Track3Fields = Track3Iso4909Fields | Track3RawFields;

/** Options for {@link buildTrack3}. */
export interface BuildTrack3Options {
  /** Add the `;` and `?` sentinels (default `true`). */
  readonly sentinels?: boolean;
}

/**
 * Parsed track 3. Prints masked; the clear values are in {@link Track3.fields} and {@link Track3.reveal}.
 *
 * @example
 * ```ts
 * const t = parseTrack3(';02==9782000000000000000=000000000000===0=?');
 * t.layout; // 'iso4909'
 * t.pan;    // undefined (dual-track card: the PAN is on track 2)
 * ```
 */
export class Track3 extends MaskedRecord<Track3Fields> {
  protected readonly kind = 'Track3';
  /** The fields, by layout. */
  readonly fields: Track3Fields;

  constructor(fields: Track3Fields) {
    super();
    this.fields = fields;
  }

  /** `'iso4909'` for format codes 01 and 02, `'raw'` otherwise. */
  get layout(): Track3Fields['layout'] {
    return this.fields.layout;
  }

  /** The PAN when the track carries one. */
  get pan(): string | undefined {
    return this.fields.pan === '' ? undefined : this.fields.pan;
  }

  /** The expiry date (ISO 4909 layout, when not `0000`). */
  get expiry(): string | undefined {
    return this.fields.layout === 'iso4909' && this.fields.expiry !== '0000' ? this.fields.expiry : undefined;
  }

  reveal(): Track3Fields {
    return { ...this.fields };
  }

  protected masked(): Record<string, unknown> {
    const f = this.fields;
    const pan = f.pan === undefined || f.pan === '' ? null : maskPan(f.pan);
    if (f.layout === 'raw') return { layout: 'raw', formatCode: f.formatCode ?? null, pan, data: redact(f.data) };
    return {
      layout: 'iso4909',
      formatCode: f.formatCode,
      pan,
      currencyCode: f.currencyCode,
      retryCount: f.retryCount,
      interchangeControl: f.interchangeControl,
      expiry: f.expiry === '0000' ? null : '****',
      additionalData: redact(f.additionalData),
    };
  }
}

/** A cursor over track-3 data with the path and offset for errors. */
class Reader {
  i = 0;
  constructor(
    readonly data: string,
    readonly path: string,
    readonly offset: number,
  ) {}

  digits(name: string, n: number): string {
    const v = this.data.slice(this.i, this.i + n);
    if (v.length !== n || !isDigits(v)) fail('TRACK_INVALID_FIELD', `${name} is not ${n} digits`, { path: `${this.path}.${name}`, offset: this.offset + this.i });
    this.i += n;
    return v;
  }

  /** `n` digits, or a separator standing for "not used". */
  digitsOrSeparator(name: string, n: number): string | undefined {
    if (this.data[this.i] === '=') {
      this.i++;
      return undefined;
    }
    return this.digits(name, n);
  }

  /** Digits up to the next separator, which is consumed. */
  variable(name: string, max: number): string {
    const end = this.data.indexOf('=', this.i);
    if (end < 0) fail('TRACK_MISSING_SEPARATOR', `no field separator after ${name}`, { path: `${this.path}.${name}`, offset: this.offset + this.data.length });
    const v = this.data.slice(this.i, end);
    if ((v !== '' && !isDigits(v)) || v.length > max) {
      fail(name === 'pan' ? 'TRACK_INVALID_PAN' : 'TRACK_INVALID_FIELD', `${name} is not up to ${max} digits`, { path: `${this.path}.${name}`, offset: this.offset + this.i });
    }
    this.i = end + 1;
    return v;
  }
}

/**
 * Parse track 3 text (ISO/IEC 4909). Format codes 01 and 02 are parsed into named fields; other
 * layouts are kept as raw data. Sentinels are optional; an LRC character after `?` is checked.
 *
 * @example
 * ```ts
 * const t = parseTrack3(';014761739001010010==97820500012525110131103270201000281211234567895413330089010434==06543212511250000?');
 * t.layout;              // 'iso4909'
 * t.fields.currencyCode; // '978'
 * t.pan;                 // '4761739001010010'
 * parseTrack3(';996212345678901232=1234567890=99?').reveal();
 * // { layout: 'raw', formatCode: '99', pan: '6212345678901232', data: '996212345678901232=1234567890=99' }
 * ```
 */
export function parseTrack3(text: string, options: { readonly path?: string } = {}): Track3 {
  const path = options.path ?? 'track3';
  const { data, offset } = unframe(text, 3, path);
  for (let i = 0; i < data.length; i++) {
    const c = data.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || c === 61)) fail('TRACK_INVALID_CHARACTER', 'track 3 holds only digits and separators', { path, offset: offset + i });
  }
  const fc = data.slice(0, 2);
  if (fc !== '01' && fc !== '02') return new Track3(rawFields(data));
  const r = new Reader(data, path, offset);
  r.i = 2;
  const pan = r.variable('pan', MAX_PAN_DIGITS);
  const countryCode = r.digitsOrSeparator('countryCode', 3);
  const currencyCode = r.digits('currencyCode', 3);
  const currencyExponent = r.digits('currencyExponent', 1);
  const amountAuthorisedPerCycle = r.digits('amountAuthorisedPerCycle', 4);
  const amountRemainingThisCycle = r.digits('amountRemainingThisCycle', 4);
  const cycleBegin = r.digits('cycleBegin', 4);
  const cycleLength = r.digits('cycleLength', 2);
  const retryCount = r.digits('retryCount', 1);
  const pinControlParameters = r.digitsOrSeparator('pinControlParameters', 6);
  const interchangeControl = r.digits('interchangeControl', 1);
  const panServiceRestriction = r.digits('panServiceRestriction', 2);
  const san1ServiceRestriction = r.digits('san1ServiceRestriction', 2);
  const san2ServiceRestriction = r.digits('san2ServiceRestriction', 2);
  const expiryAt = r.i;
  const expiry = r.digits('expiry', 4);
  if (expiry !== '0000') checkTrack3Expiry(expiry, `${path}.expiry`, offset + expiryAt);
  const cardSequenceNumber = r.digits('cardSequenceNumber', 1);
  const cardSecurityNumber = r.digitsOrSeparator('cardSecurityNumber', 9);
  const firstSubsidiaryAccountNumber = r.variable('firstSubsidiaryAccountNumber', MAX_DATA);
  const secondSubsidiaryAccountNumber = r.variable('secondSubsidiaryAccountNumber', MAX_DATA);
  const relayMarker = r.digits('relayMarker', 1);
  const cryptoCheckDigits = r.digitsOrSeparator('cryptoCheckDigits', 6);
  const additionalData = data.slice(r.i);
  return new Track3({
    layout: 'iso4909',
    formatCode: fc,
    pan,
    countryCode,
    currencyCode,
    currencyExponent,
    amountAuthorisedPerCycle,
    amountRemainingThisCycle,
    cycleBegin,
    cycleLength,
    retryCount,
    pinControlParameters,
    interchangeControl,
    panServiceRestriction,
    san1ServiceRestriction,
    san2ServiceRestriction,
    expiry,
    cardSequenceNumber,
    cardSecurityNumber,
    firstSubsidiaryAccountNumber,
    secondSubsidiaryAccountNumber,
    relayMarker,
    cryptoCheckDigits,
    additionalData,
  });
}

function checkTrack3Expiry(expiry: string, path: string, offset?: number): void {
  const mm = expiry.slice(2);
  if (mm < '01' || mm > '12') fail('TRACK_INVALID_EXPIRY', 'expiry date is not YYMM with a month 01-12 (or 0000)', offset === undefined ? { path } : { path, offset });
}

function rawFields(data: string): Track3RawFields {
  const formatCode = isDigits(data.slice(0, 2)) ? data.slice(0, 2) : undefined;
  let pan: string | undefined;
  const sep = data.indexOf('=', 2);
  if (formatCode !== undefined && sep > 2 && sep - 2 <= MAX_PAN_DIGITS && isDigits(data.slice(2, sep))) pan = data.slice(2, sep);
  return { layout: 'raw', formatCode, pan, data };
}

function fixed(value: string, n: number, name: string, path: string): string {
  if (value.length !== n || !isDigits(value)) fail('TRACK_INVALID_FIELD', `${name} must be ${n} digits`, { path: `${path}.${name}` });
  return value;
}

function optional(value: string | undefined, n: number, name: string, path: string): string {
  return value === undefined ? '=' : fixed(value, n, name, path);
}

function variable(value: string, name: string, path: string, max: number): string {
  if ((value !== '' && !isDigits(value)) || value.length > max) {
    fail(name === 'pan' ? 'TRACK_INVALID_PAN' : 'TRACK_INVALID_FIELD', `${name} must be up to ${max} digits`, { path: `${path}.${name}` });
  }
  return `${value}=`;
}

/**
 * Build track 3 text from its fields (with sentinels unless `sentinels: false`).
 *
 * @example
 * ```ts
 * const text = ';02==9782000000000000000=000000000000===0=?';
 * buildTrack3(parseTrack3(text).reveal()) === text; // true
 * ```
 */
export function buildTrack3(fields: Track3Fields, options: BuildTrack3Options = {}): string {
  const path = 'track3';
  let data: string;
  if (fields.layout === 'raw') {
    data = fields.data;
    if (data.length === 0) fail('TRACK_EMPTY', 'no data', { path });
    for (let i = 0; i < data.length; i++) {
      const c = data.charCodeAt(i);
      if (!((c >= 48 && c <= 57) || c === 61)) fail('TRACK_INVALID_CHARACTER', 'track 3 holds only digits and separators', { path, offset: i });
    }
    if (data.startsWith('01') || data.startsWith('02')) fail('TRACK_INVALID_FIELD', 'raw track 3 data must not use format code 01 or 02', { path: `${path}.formatCode` });
  } else {
    const f = fields;
    if (f.formatCode !== '01' && f.formatCode !== '02') fail('TRACK_INVALID_FIELD', 'ISO 4909 format code must be 01 or 02', { path: `${path}.formatCode` });
    if (f.expiry !== '0000') checkTrack3Expiry(fixed(f.expiry, 4, 'expiry', path), `${path}.expiry`);
    if (f.additionalData !== '' && !/^[0-9=]+$/.test(f.additionalData)) {
      fail('TRACK_INVALID_CHARACTER', 'additional data holds only digits and separators', { path: `${path}.additionalData` });
    }
    data =
      f.formatCode +
      variable(f.pan, 'pan', path, MAX_PAN_DIGITS) +
      optional(f.countryCode, 3, 'countryCode', path) +
      fixed(f.currencyCode, 3, 'currencyCode', path) +
      fixed(f.currencyExponent, 1, 'currencyExponent', path) +
      fixed(f.amountAuthorisedPerCycle, 4, 'amountAuthorisedPerCycle', path) +
      fixed(f.amountRemainingThisCycle, 4, 'amountRemainingThisCycle', path) +
      fixed(f.cycleBegin, 4, 'cycleBegin', path) +
      fixed(f.cycleLength, 2, 'cycleLength', path) +
      fixed(f.retryCount, 1, 'retryCount', path) +
      optional(f.pinControlParameters, 6, 'pinControlParameters', path) +
      fixed(f.interchangeControl, 1, 'interchangeControl', path) +
      fixed(f.panServiceRestriction, 2, 'panServiceRestriction', path) +
      fixed(f.san1ServiceRestriction, 2, 'san1ServiceRestriction', path) +
      fixed(f.san2ServiceRestriction, 2, 'san2ServiceRestriction', path) +
      f.expiry +
      fixed(f.cardSequenceNumber, 1, 'cardSequenceNumber', path) +
      optional(f.cardSecurityNumber, 9, 'cardSecurityNumber', path) +
      variable(f.firstSubsidiaryAccountNumber, 'firstSubsidiaryAccountNumber', path, MAX_DATA) +
      variable(f.secondSubsidiaryAccountNumber, 'secondSubsidiaryAccountNumber', path, MAX_DATA) +
      fixed(f.relayMarker, 1, 'relayMarker', path) +
      optional(f.cryptoCheckDigits, 6, 'cryptoCheckDigits', path) +
      f.additionalData;
  }
  if (data.length > MAX_DATA) fail('TRACK_TOO_LONG', `${data.length} data characters, track 3 holds at most ${MAX_DATA}`, { path });
  return options.sentinels === false ? data : frame(data, 3);
}
