/**
 * Small builders for the shipped dialects' field tables. They only shorten the tables: the result
 * is the plain JSON spec data of spec.ts.
 */
import { fail } from '../../core/index';
import type { FieldSpec, FieldType, LengthPrefixSpec, Sensitivity } from '../spec';

/** Text-side encoding of a dialect. */
export type TextEncoding = 'ascii' | 'ebcdic';

/** Extra properties merged into a field. */
export type Extra = Partial<Pick<FieldSpec, 'sensitive' | 'composite' | 'byMti' | 'pad' | 'trim' | 'align' | 'padNibble' | 'nibbles'>> & { readonly sensitive?: Sensitivity };

/** A fixed-length text or numeric field. */
export function fixed(name: string, type: Exclude<FieldType, 'b'>, length: number, encoding: 'ascii' | 'ebcdic' | 'bcd', extra: Extra = {}): FieldSpec {
  return { name, type, length, encoding, ...extra };
}

/** A variable-length text or numeric field. */
export function variable(name: string, type: Exclude<FieldType, 'b'>, max: number, encoding: 'ascii' | 'ebcdic' | 'bcd', prefix: LengthPrefixSpec, extra: Extra = {}): FieldSpec {
  return { name, type, length: max, encoding, prefix, ...extra };
}

/** A binary field, fixed or variable. */
export function binary(name: string, length: number, encoding: 'binary' | 'hex', prefix?: LengthPrefixSpec, extra: Extra = {}): FieldSpec {
  return prefix === undefined ? { name, type: 'b', length, encoding, ...extra } : { name, type: 'b', length, encoding, prefix, ...extra };
}

/** A decimal length prefix of `digits` digits. */
export function ll(digits: number, encoding: 'ascii' | 'ebcdic' | 'bcd'): LengthPrefixSpec {
  return { encoding, digits };
}

/** A dialect's wire choices for the classic field table. */
export interface Flavour {
  /** Text (a, an, ans, …) content. */
  readonly text: TextEncoding;
  /** Numeric (n, z) content. */
  readonly num: 'ascii' | 'ebcdic' | 'bcd';
  /** Length prefixes. */
  readonly prefix: 'ascii' | 'ebcdic' | 'bcd';
  /** Binary (b) content. */
  readonly bin: 'binary' | 'hex';
}

const FORMAT = /^(x\+n|ans|anp|an|as|ns|n|a|s|b|z)(\.{2,6})?(\d+)$/;

/**
 * A field from the notation of the standard's tables: `n6`, `n..19` (LLVAR), `ans...999`
 * (LLLVAR), `b8` (bytes), `x+n8`, `z..37`.
 */
export function field(name: string, format: string, f: Flavour, extra: Extra = {}): FieldSpec {
  const m = FORMAT.exec(format);
  if (!m) return fail('ISO8583_SPEC_INVALID', `bad field format ${format}`, { path: name });
  const type = m[1] as FieldType;
  const dots = m[2]?.length ?? 0;
  const length = Number(m[3]);
  const prefix = dots > 0 ? ll(dots, f.prefix) : undefined;
  if (type === 'b') return binary(name, length, f.bin, prefix, extra);
  const enc = type === 'n' || type === 'z' ? f.num : f.text;
  return prefix === undefined ? fixed(name, type, length, enc, extra) : variable(name, type, length, enc, prefix, extra);
}

/** Field table rows: number, name, format, extra. */
export type Row = readonly [number, string, string, Extra?];

/** Build a field table from rows. */
export function table(rows: readonly Row[], f: Flavour): Record<string, FieldSpec> {
  const out: Record<string, FieldSpec> = {};
  for (const [n, name, format, extra] of rows) out[String(n)] = field(name, format, f, extra);
  return out;
}
