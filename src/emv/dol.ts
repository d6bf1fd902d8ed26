/**
 * Data Object Lists (EMV 4.4 Book 3 §5.4): PDOL (9F38), CDOL1 (8C), CDOL2 (8D), DDOL (9F49),
 * TDOL (97), and the UDOL and log formats that share the layout. A DOL is a list of tag + length
 * entries; the terminal answers with the values concatenated, each formatted to its length.
 */
import { fail, toHex } from '../core/index';
import { emvTag, type EmvFormat, type EmvScheme } from './tags';

/** One DOL entry: a tag and the number of bytes asked for. Repeats are kept. */
export interface DolEntry {
  readonly tag: string;
  readonly length: number;
}

/** One value cut from DOL-related data by {@link splitDolData}. */
export interface DolValue extends DolEntry {
  /** A view into the data. */
  readonly value: Uint8Array;
  /** Offset of the value in the data. */
  readonly offset: number;
}

/** A DOL entry length is one byte (or `81 xx`): an integer 0-255. Checked before any allocation. */
function dolLength(n: number, path: string): number {
  if (!Number.isInteger(n) || n < 0 || n > 255) fail('DOL_INVALID', 'DOL length must be an integer 0-255', { path });
  return n;
}

/** Total data length of caller-supplied entries, each length checked. */
function totalLength(entries: readonly DolEntry[], path: string): number {
  let total = 0;
  for (const e of entries) total += dolLength(e.length, `${path}.${e.tag}`);
  return total;
}

/**
 * Parse a DOL: BER-TLV tags (Book 3 Annex B1) each followed by a one-byte length (lengths of
 * 128 or more use the BER long form 81 xx). Entries keep their order and repeats.
 *
 * @example
 * ```ts
 * parseDol(hex('9F02069F03069F1A0295055F2A029A039C019F3704'));
 * // [{ tag: '9F02', length: 6 }, { tag: '9F03', length: 6 }, { tag: '9F1A', length: 2 }, { tag: '95', length: 5 }, ...]
 * ```
 */
export function parseDol(dol: Uint8Array, options: { readonly path?: string } = {}): DolEntry[] {
  const path = options.path ?? 'DOL';
  const out: DolEntry[] = [];
  let i = 0;
  while (i < dol.length) {
    const start = i;
    const b0 = dol[i++]!;
    if (b0 === 0x00 || b0 === 0xff) fail('DOL_INVALID', 'a DOL entry cannot start with 00 or FF', { path, offset: start });
    if ((b0 & 0x1f) === 0x1f) {
      // Book 3 Annex B1: subsequent tag bytes follow while bit 8 is set; at most 4 bytes in all.
      let more = true;
      while (more) {
        if (i >= dol.length) fail('DOL_INVALID', 'tag runs past the end of the DOL', { path: `${path}.${toHex(dol, start, i)}`, offset: start });
        if (i - start >= 4) fail('DOL_INVALID', 'tag longer than 4 bytes', { path: `${path}.${toHex(dol, start, i)}`, offset: start });
        more = (dol[i++]! & 0x80) !== 0;
      }
    }
    const tag = toHex(dol, start, i);
    if (i >= dol.length) fail('DOL_INVALID', 'length missing after the tag', { path: `${path}.${tag}`, offset: start });
    let length = dol[i++]!;
    if (length === 0x81) {
      if (i >= dol.length) fail('DOL_INVALID', 'long-form length runs past the end', { path: `${path}.${tag}`, offset: i - 1 });
      length = dol[i++]!;
    } else if (length & 0x80) {
      fail('DOL_INVALID', 'DOL lengths are at most 255 (one byte, or 81 xx)', { path: `${path}.${tag}`, offset: i - 1 });
    }
    out.push({ tag, length });
  }
  return out;
}

/**
 * Encode DOL entries back to bytes.
 *
 * @example
 * ```ts
 * toHex(encodeDol([{ tag: '9F37', length: 4 }])); // '9F3704'
 * ```
 */
export function encodeDol(entries: readonly DolEntry[]): Uint8Array {
  const parts: number[] = [];
  for (const e of entries) {
    if (!/^([0-9A-Fa-f]{2}){1,4}$/.test(e.tag)) fail('DOL_INVALID', 'tag must be 1 to 4 bytes of hex', { path: `DOL.${e.tag}` });
    dolLength(e.length, `DOL.${e.tag}`);
    for (let k = 0; k < e.tag.length; k += 2) parts.push(parseInt(e.tag.slice(k, k + 2), 16));
    if (e.length >= 0x80) parts.push(0x81);
    parts.push(e.length);
  }
  return Uint8Array.from(parts);
}

/** Where {@link buildDolData} takes values from: a lookup function, a Map or a record keyed by tag. */
export type DolValueSource =
  | ((tag: string) => Uint8Array | undefined)
  | ReadonlyMap<string, Uint8Array>
  | Readonly<Record<string, Uint8Array>>;

/** Options for {@link buildDolData}. */
export interface BuildDolOptions {
  /** Format per tag where the dictionary's is not the one wanted (e.g. proprietary tags). */
  readonly formats?: Readonly<Record<string, EmvFormat>>;
  /** Scheme whose dictionary entries take precedence. */
  readonly scheme?: EmvScheme;
  /** Tags that must have a value: a missing one is `DOL_MISSING_VALUE` instead of zeros. */
  readonly required?: readonly string[];
  readonly path?: string;
}

/**
 * The value a {@link DolValueSource} holds for a tag.
 *
 * @example
 * ```ts
 * valueOf({ '9F37': hex('A1B2C3D4') }, '9F37'); // A1B2C3D4
 * valueOf(new Map(), '9F37');                    // undefined
 * ```
 */
export function valueOf(source: DolValueSource, tag: string): Uint8Array | undefined {
  if (typeof source === 'function') return source(tag);
  if (source instanceof Map) return source.get(tag);
  const rec = source as Readonly<Record<string, Uint8Array>>;
  return Object.prototype.hasOwnProperty.call(rec, tag) ? rec[tag] : undefined;
}

/**
 * Fit one value to a DOL length (Book 3 §5.4): `n` is truncated on the left or padded on the left
 * with zeros; `cn` is truncated on the right or padded on the right with `F`; every other format is
 * truncated on the right or padded on the right with zeros.
 *
 * @example
 * ```ts
 * toHex(fitDolValue(hex('000000001000'), 4, 'n'));  // '00001000'
 * toHex(fitDolValue(hex('1234'), 4, 'cn'));          // '1234FFFF'
 * toHex(fitDolValue(hex('4142'), 3, 'an'));          // '414200'
 * ```
 */
export function fitDolValue(value: Uint8Array, length: number, format: EmvFormat): Uint8Array {
  const out = new Uint8Array(dolLength(length, 'DOL'));
  const numeric = format === 'n';
  if (value.length >= length) {
    out.set(numeric ? value.subarray(value.length - length) : value.subarray(0, length));
  } else if (numeric) {
    out.set(value, length - value.length);
  } else {
    out.set(value);
    if (format === 'cn') out.fill(0xff, value.length);
  }
  return out;
}

/**
 * Build the data a DOL asks for (Book 3 §5.4): each entry's value fitted to its length by
 * {@link fitDolValue}; a tag with no value, or a constructed tag, gives that many zero bytes.
 *
 * @example
 * ```ts
 * const cdol = parseDol(hex('9F02069F1A0295059F3704'));
 * toHex(buildDolData(cdol, { '9F02': hex('000000001000'), '9F1A': hex('0156'), '9F37': hex('A1B2C3D4') }));
 * // '000000001000' + '0156' + '0000000000' + 'A1B2C3D4'
 * ```
 */
export function buildDolData(entries: readonly DolEntry[], source: DolValueSource, options: BuildDolOptions = {}): Uint8Array {
  const out = new Uint8Array(totalLength(entries, options.path ?? 'DOL'));
  const required = new Set(options.required ?? []);
  let at = 0;
  for (const e of entries) {
    const constructed = (parseInt(e.tag.slice(0, 2), 16) & 0x20) !== 0;
    const value = constructed ? undefined : valueOf(source, e.tag);
    if (value === undefined) {
      if (required.has(e.tag)) fail('DOL_MISSING_VALUE', 'no value for a required DOL entry', { path: `${options.path ?? 'DOL'}.${e.tag}` });
      // Book 3 §5.4: an unknown, absent or constructed data object is sent as zeros.
    } else {
      const format = options.formats?.[e.tag] ?? emvTag(e.tag, options.scheme ? { scheme: options.scheme } : {})?.format ?? 'b';
      out.set(fitDolValue(value, e.length, format), at);
    }
    at += e.length;
  }
  return out;
}

/**
 * Cut DOL-related data back into its values (the card's view of PDOL/CDOL data, and a host's
 * view of a GENERATE AC command). The data must be exactly as long as the DOL asks.
 *
 * @example
 * ```ts
 * splitDolData(parseDol(hex('9F3704')), hex('A1B2C3D4'))[0].offset; // 0
 * ```
 */
export function splitDolData(entries: readonly DolEntry[], data: Uint8Array, options: { readonly path?: string } = {}): DolValue[] {
  const total = totalLength(entries, options.path ?? 'DOL');
  if (total !== data.length) fail('DOL_DATA_LENGTH', `the DOL asks for ${total} bytes, the data has ${data.length}`, { path: options.path ?? 'DOL', offset: Math.min(total, data.length) });
  const out: DolValue[] = [];
  let at = 0;
  for (const e of entries) {
    out.push({ tag: e.tag, length: e.length, value: data.subarray(at, at + e.length), offset: at });
    at += e.length;
  }
  return out;
}
