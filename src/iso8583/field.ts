/**
 * Compiled field codecs: scalar fields, composites (positional, sub-bitmapped, TLV, BER-TLV) and
 * per-MTI variants, each addressable by sub-field id for paths such as `127.25.3` and `55.9F26`.
 */
import { CardwireError, fail, isCardwireError } from '../core/index';
import { decodeTlv, measureTlv, tagBytes } from '../emv/index';
import { BitmapCodec } from './bitmap';
import { ScalarCodec, specError } from './scalar';
import type { CompositeValue, FieldSpec, FieldType, FieldValue, TlvValueNode } from './spec';
import { Reader, Writer, charTable, shapeOf } from './wire';

/** What kind of codec a field compiled to. */
export type FieldCodecKind = 'scalar' | 'positional' | 'bitmap' | 'tlv' | 'ber-tlv' | 'by-mti';

/** A compiled field. `pack` validates as it writes; `unpack` validates as it reads. */
export interface FieldCodec {
  readonly kind: FieldCodecKind;
  readonly id: string;
  /** Error path, e.g. `DE127.25.3`. */
  readonly path: string;
  readonly spec: FieldSpec;
  pack(w: Writer, value: unknown, mti: string): void;
  unpack(r: Reader, mti: string): FieldValue;
  /** The codec of a sub-field (for paths), or undefined when there is none. */
  child(id: string, mti: string): FieldCodec | undefined;
  /** The sub-field codecs in wire order (composites), for describe(). */
  children(mti: string): readonly FieldCodec[];
}

const scratch = new Writer(256);

/** Validate a value by packing it into a scratch buffer. */
export function checkValue(codec: FieldCodec, value: unknown, mti: string): void {
  scratch.pos = 0;
  codec.pack(scratch, value, mti);
}

/** A copy of a spec without one optional part. */
function without(spec: FieldSpec, key: 'composite' | 'byMti'): FieldSpec {
  const copy: Record<string, unknown> = { ...spec };
  delete copy[key];
  return copy as unknown as FieldSpec;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !(v instanceof Uint8Array) && !Array.isArray(v);
}

/** Sub-field ids of a spec table, in numeric order (non-numeric ids after, in key order). */
function orderedIds(fields: Readonly<Record<string, FieldSpec>>): string[] {
  return Object.keys(fields).sort((a, b) => {
    const x = Number(a);
    const y = Number(b);
    if (Number.isInteger(x) && Number.isInteger(y)) return x - y;
    return Number.isInteger(x) ? -1 : Number.isInteger(y) ? 1 : 0;
  });
}

/** A scalar field: the compiled scalar codec itself, addressable as a field. */
class ScalarField extends ScalarCodec implements FieldCodec {
  readonly kind = 'scalar';
  constructor(
    spec: FieldSpec,
    readonly id: string,
    path: string,
  ) {
    super(spec, path);
  }
  child(): undefined {
    return undefined;
  }
  children(): readonly FieldCodec[] {
    return [];
  }
}

/** Positional sub-fields inside a text or BCD value: fixed-width slices (UnionPay 60.1–60.7). */
class TextPositionalField implements FieldCodec {
  readonly kind = 'positional';
  private readonly parent: ScalarCodec;
  private readonly subs: ScalarField[];
  private readonly tables: Uint8Array[];
  /** The sub-fields as variable-length text up to their width, for checks on `set`. */
  private readonly loose: ScalarField[];
  /** Per sub-field, in wire order: id, width, padding, and the padding trimmed on decode. */
  private readonly ids: string[];
  private readonly widths: number[];
  private readonly pads: (FieldSpec['pad'] | undefined)[];
  private readonly trims: (FieldSpec['pad'] | undefined)[];
  constructor(
    readonly spec: FieldSpec,
    readonly id: string,
    readonly path: string,
    fields: Readonly<Record<string, FieldSpec>>,
  ) {
    this.parent = new ScalarCodec(without(spec, 'composite'), path);
    this.subs = orderedIds(fields).map((sid) => {
      const s = fields[sid]!;
      if (s.type === 'b' || s.prefix !== undefined || s.composite !== undefined) {
        specError(`${path}.${sid}`, 'sub-fields of a text value are fixed-length text');
      }
      return new ScalarField({ ...s, encoding: 'ascii' }, sid, `${path}.${sid}`);
    });
    this.tables = this.subs.map((f) => charTable(f.spec.type as Exclude<FieldType, 'b'>));
    this.ids = this.subs.map((f) => f.id);
    this.widths = this.subs.map((f) => f.spec.length);
    this.pads = this.subs.map((f) => f.spec.pad);
    this.trims = this.subs.map((f) => (f.spec.trim === true && f.spec.pad !== undefined ? f.spec.pad : undefined));
    this.loose = this.subs.map(
      (f) => new ScalarField({ ...f.spec, prefix: { encoding: 'ascii', digits: String(f.spec.length).length } }, f.id, f.path),
    );
  }
  /** Join the sub-field values; the last one present may be shorter than its width. */
  private join(value: unknown): string {
    if (!isPlainObject(value)) fail('ISO8583_FIELD_VALUE_TYPE', `expected an object of sub-fields, got ${shapeOf(value)}`, { path: this.path });
    let s = '';
    let ended = -1;
    let present = 0;
    const ids = this.ids;
    const count = ids.length;
    for (let i = 0; i < count; i++) {
      const v = value[ids[i]!];
      if (v === undefined) {
        if (ended < 0) ended = i;
        continue;
      }
      present++;
      const f = this.subs[i]!;
      if (ended >= 0) fail('ISO8583_FIELD_MISSING', `sub-field ${ids[ended]!} is missing before ${f.id}`, { path: `${this.path}.${ids[ended]!}` });
      if (typeof v !== 'string') fail('ISO8583_FIELD_VALUE_TYPE', `expected text, got ${shapeOf(v)}`, { path: f.path });
      const last = i === count - 1 || value[ids[i + 1]!] === undefined;
      const t = this.tables[i]!;
      let bad = 0;
      for (let k = 0; k < v.length; k++) {
        const c = v.charCodeAt(k);
        bad |= (c >>> 8) | (1 - t[c & 255]!);
      }
      if (bad !== 0) {
        for (let k = 0; k < v.length; k++) {
          const c = v.charCodeAt(k);
          if (c > 255 || t[c] !== 1) fail('ISO8583_FIELD_INVALID_CHARACTER', `character ${k} is not allowed in type ${f.spec.type}`, { path: f.path, offset: k });
        }
      }
      const width = this.widths[i]!;
      const pad = this.pads[i];
      if (v.length === width || (last && v.length < width)) s += v;
      else if (v.length < width && pad) s += pad.side === 'left' ? v.padStart(width, pad.char) : v.padEnd(width, pad.char);
      else fail(v.length > width ? 'ISO8583_FIELD_TOO_LONG' : 'ISO8583_FIELD_LENGTH_MISMATCH', `length is ${v.length}, the sub-field is ${width}`, { path: f.path });
    }
    if (Object.keys(value).length !== present) {
      for (const k of Object.keys(value)) {
        if (!this.subs.some((x) => x.id === k)) fail('ISO8583_FIELD_NOT_IN_SPEC', `sub-field ${k} is not in the spec`, { path: `${this.path}.${k}` });
      }
    }
    return s;
  }
  pack(w: Writer, value: unknown): void {
    this.parent.pack(w, this.join(value));
  }
  unpack(r: Reader): FieldValue {
    const at = r.pos;
    const s = this.parent.unpack(r) as string;
    const out: Record<string, FieldValue> = {};
    let i = 0;
    const ids = this.ids;
    for (let k = 0; k < ids.length && i < s.length; k++) {
      const piece = s.slice(i, i + this.widths[k]!);
      const t = this.tables[k]!;
      for (let j = 0; j < piece.length; j++) {
        if (t[piece.charCodeAt(j)] !== 1) {
          const f = this.subs[k]!;
          fail('ISO8583_FIELD_INVALID_CHARACTER', `character ${j} is not allowed in type ${f.spec.type}`, { path: f.path, offset: this.parent.charOffset(at, s.length, i + j) });
        }
      }
      const trim = this.trims[k];
      out[ids[k]!] = trim ? trimText(piece, trim.side, trim.char) : piece;
      i += piece.length;
    }
    if (i < s.length) fail('ISO8583_TRAILING_BYTES', `${s.length - i} characters after the last sub-field`, { path: this.path, offset: this.parent.charOffset(at, s.length, i) });
    return out;
  }
  child(id: string): FieldCodec | undefined {
    // Set by path, a sub-field is checked for its characters and width; whether it may be short
    // (only the last one present) is checked when the whole field is packed.
    return this.loose.find((f) => f.id === id);
  }
  children(): readonly FieldCodec[] {
    return this.subs;
  }
}

function trimText(s: string, side: 'left' | 'right', ch: string): string {
  if (side === 'left') {
    let i = 0;
    while (i < s.length - 1 && s[i] === ch) i++;
    return s.slice(i);
  }
  let j = s.length;
  while (j > 0 && s[j - 1] === ch) j--;
  return s.slice(0, j);
}

/** Tag-length-value sub-fields inside a text value (DE 48 styles). */
class TextTlvField implements FieldCodec {
  readonly kind = 'tlv';
  private readonly parent: ScalarCodec;
  private readonly table: Uint8Array;
  private readonly tagLength: number;
  private readonly lengthDigits: number;
  private readonly valueSpec: FieldSpec;
  constructor(
    readonly spec: FieldSpec,
    readonly id: string,
    readonly path: string,
    tagLength: number,
    lengthDigits: number,
    valueType: Exclude<FieldType, 'b'>,
  ) {
    if (spec.type === 'b') specError(path, 'TLV sub-fields live in a text field');
    if (!Number.isInteger(tagLength) || tagLength < 1 || tagLength > 8) specError(path, 'tagLength must be 1..8');
    if (!Number.isInteger(lengthDigits) || lengthDigits < 1 || lengthDigits > 6) specError(path, 'lengthDigits must be 1..6');
    this.parent = new ScalarCodec(without(spec, 'composite'), path);
    this.table = charTable(valueType);
    this.tagLength = tagLength;
    this.lengthDigits = lengthDigits;
    this.valueSpec = { type: valueType, length: 10 ** lengthDigits - 1, encoding: 'ascii', prefix: { encoding: 'ascii', digits: lengthDigits } };
  }
  private checkTag(tag: string, offset: number): void {
    if (tag.length !== this.tagLength) fail('ISO8583_TLV_INVALID', `tag must be ${this.tagLength} characters`, { path: this.path, offset });
    for (let i = 0; i < tag.length; i++) {
      const c = tag.charCodeAt(i);
      if (c <= 0x20 || c >= 0x7f) fail('ISO8583_TLV_INVALID', 'tag characters must be printable', { path: this.path, offset: offset + i });
    }
  }
  pack(w: Writer, value: unknown): void {
    if (!isPlainObject(value)) fail('ISO8583_FIELD_VALUE_TYPE', `expected an object of tags, got ${shapeOf(value)}`, { path: this.path });
    let s = '';
    for (const tag of Object.keys(value).sort()) {
      const v = value[tag];
      const path = `${this.path}.${tag}`;
      this.checkTag(tag, 0);
      if (typeof v !== 'string') fail('ISO8583_FIELD_VALUE_TYPE', `expected text, got ${shapeOf(v)}`, { path });
      if (v.length >= 10 ** this.lengthDigits) fail('ISO8583_FIELD_TOO_LONG', `length ${v.length} does not fit ${this.lengthDigits} length digits`, { path });
      for (let i = 0; i < v.length; i++) {
        const c = v.charCodeAt(i);
        if (c > 255 || this.table[c] !== 1) fail('ISO8583_FIELD_INVALID_CHARACTER', `character ${i} is not allowed`, { path, offset: i });
      }
      s += tag + String(v.length).padStart(this.lengthDigits, '0') + v;
    }
    this.parent.pack(w, s);
  }
  unpack(r: Reader): FieldValue {
    const at = r.pos;
    const s = this.parent.unpack(r) as string;
    const out: Record<string, string> = {};
    let i = 0;
    while (i < s.length) {
      const here = (k: number): number => this.parent.charOffset(at, s.length, k);
      if (i + this.tagLength + this.lengthDigits > s.length) fail('ISO8583_TLV_INVALID', 'tag and length run past the field', { path: this.path, offset: here(i) });
      const tag = s.slice(i, i + this.tagLength);
      this.checkTag(tag, here(i));
      i += this.tagLength;
      let n = 0;
      for (let k = 0; k < this.lengthDigits; k++) {
        const d = s.charCodeAt(i + k) - 48;
        if (d < 0 || d > 9) fail('ISO8583_TLV_INVALID', 'length characters are not digits', { path: `${this.path}.${tag}`, offset: here(i + k) });
        n = n * 10 + d;
      }
      i += this.lengthDigits;
      if (i + n > s.length) fail('ISO8583_TLV_INVALID', `value of ${n} characters runs past the field`, { path: `${this.path}.${tag}`, offset: here(i - this.lengthDigits) });
      const v = s.slice(i, i + n);
      for (let k = 0; k < v.length; k++) {
        if (this.table[v.charCodeAt(k)] !== 1) fail('ISO8583_FIELD_INVALID_CHARACTER', `character ${k} is not allowed`, { path: `${this.path}.${tag}`, offset: here(i + k) });
      }
      if (Object.prototype.hasOwnProperty.call(out, tag)) fail('ISO8583_TLV_INVALID', 'tag repeated', { path: `${this.path}.${tag}`, offset: here(i - this.tagLength - this.lengthDigits) });
      out[tag] = v;
      i += n;
    }
    return out;
  }
  child(id: string): FieldCodec | undefined {
    return new ScalarField(this.valueSpec, id, `${this.path}.${id}`);
  }
  children(): readonly FieldCodec[] {
    return [];
  }
}

/**
 * Shared by the byte-level composites: the parent's prefix around content written by children.
 * Binary content is written in place; content carried as ASCII hex is built in a side buffer and
 * then hex-encoded (offsets of errors inside it are then offsets in the decoded content).
 */
abstract class BytesComposite implements FieldCodec {
  abstract readonly kind: FieldCodecKind;
  protected readonly parent: ScalarCodec;
  private readonly hexCarried: boolean;
  constructor(
    readonly spec: FieldSpec,
    readonly id: string,
    readonly path: string,
  ) {
    if (spec.type !== 'b') specError(path, 'a byte-level composite must be type b');
    this.parent = new ScalarCodec(without(spec, 'composite'), path);
    this.hexCarried = spec.encoding === 'hex';
  }
  protected abstract packContent(w: Writer, value: unknown, mti: string): void;
  protected abstract unpackContent(r: Reader, mti: string): FieldValue;
  pack(w: Writer, value: unknown, mti: string): void {
    if (this.hexCarried) {
      const side = new Writer(256);
      this.packContent(side, value, mti);
      this.parent.pack(w, side.finish());
      return;
    }
    const at = this.parent.reservePrefix(w);
    const start = w.pos;
    this.packContent(w, value, mti);
    this.parent.fillPrefix(w, at, w.pos - start);
  }
  unpack(r: Reader, mti: string): FieldValue {
    if (this.hexCarried) {
      const content = this.parent.unpack(r) as Uint8Array;
      const start = r.pos - 2 * content.length;
      const inner = new Reader(content, 0, content.length);
      try {
        const v = this.unpackContent(inner, mti);
        if (inner.pos !== content.length) fail('ISO8583_TRAILING_BYTES', `${content.length - inner.pos} bytes after the last sub-field`, { path: this.path, offset: inner.pos });
        return v;
      } catch (e) {
        // Offsets inside the decoded content → the first hex character of that byte in the input.
        if (!isCardwireError(e) || e.offset === undefined) throw e;
        throw new CardwireError(e.code, e.message.slice(e.message.indexOf(': ') + 2), { path: e.path, offset: start + 2 * e.offset, cause: e });
      }
    }
    const n = this.parent.readLength(r);
    const end = r.pos + n;
    const outer = r.end;
    r.end = end;
    const v = this.unpackContent(r, mti);
    if (r.pos !== end) fail('ISO8583_TRAILING_BYTES', `${end - r.pos} bytes after the last sub-field`, { path: this.path, offset: r.pos });
    r.end = outer;
    return v;
  }
  abstract child(id: string, mti: string): FieldCodec | undefined;
  abstract children(mti: string): readonly FieldCodec[];
}

/** Positional sub-fields in binary content, each a full field with its own encoding and prefix. */
class BytesPositionalField extends BytesComposite {
  readonly kind = 'positional';
  private readonly subs: FieldCodec[];
  constructor(spec: FieldSpec, id: string, path: string, fields: Readonly<Record<string, FieldSpec>>) {
    super(spec, id, path);
    this.subs = orderedIds(fields).map((sid) => compileField(fields[sid]!, sid, `${path}.${sid}`));
  }
  protected packContent(w: Writer, value: unknown, mti: string): void {
    if (!isPlainObject(value)) fail('ISO8583_FIELD_VALUE_TYPE', `expected an object of sub-fields, got ${shapeOf(value)}`, { path: this.path });
    let missing: FieldCodec | undefined;
    let seen = 0;
    for (const f of this.subs) {
      const v = value[f.id];
      if (v === undefined) {
        missing ??= f;
        continue;
      }
      if (missing) fail('ISO8583_FIELD_MISSING', `sub-field ${missing.id} is missing before ${f.id}`, { path: missing.path });
      f.pack(w, v, mti);
      seen++;
    }
    if (seen !== Object.keys(value).length) {
      const extra = Object.keys(value).find((k) => !this.subs.some((f) => f.id === k)) ?? '';
      fail('ISO8583_FIELD_NOT_IN_SPEC', `sub-field ${extra} is not in the spec`, { path: `${this.path}.${extra}` });
    }
  }
  protected unpackContent(r: Reader, mti: string): FieldValue {
    const out: Record<string, FieldValue> = {};
    for (const f of this.subs) {
      if (r.pos >= r.end) break;
      out[f.id] = f.unpack(r, mti);
    }
    return out;
  }
  child(id: string): FieldCodec | undefined {
    return this.subs.find((f) => f.id === id);
  }
  children(): readonly FieldCodec[] {
    return this.subs;
  }
}

/** Sub-fields behind their own bitmap (Postilion-style 127.x). */
class BytesBitmapField extends BytesComposite {
  readonly kind = 'bitmap';
  private readonly bitmap: BitmapCodec;
  private readonly subs: (FieldCodec | undefined)[];
  private readonly list: FieldCodec[];
  constructor(spec: FieldSpec, id: string, path: string, bitmap: BitmapCodec, fields: Readonly<Record<string, FieldSpec>>) {
    super(spec, id, path);
    this.bitmap = bitmap;
    this.subs = new Array<FieldCodec | undefined>(bitmap.maxField + 1);
    for (const sid of orderedIds(fields)) {
      const n = Number(sid);
      if (!Number.isInteger(n) || n < 1 || n > bitmap.maxField || bitmap.isControlBit(n)) specError(`${path}.${sid}`, `sub-field id must be 1..${bitmap.maxField} and not a bitmap indicator`);
      this.subs[n] = compileField(fields[sid]!, sid, `${path}.${sid}`);
    }
    this.list = this.subs.filter((f): f is FieldCodec => f !== undefined);
  }
  protected packContent(w: Writer, value: unknown, mti: string): void {
    if (!isPlainObject(value)) fail('ISO8583_FIELD_VALUE_TYPE', `expected an object of sub-fields, got ${shapeOf(value)}`, { path: this.path });
    const ids: number[] = [];
    for (const k of Object.keys(value)) {
      const n = Number(k);
      const f = Number.isInteger(n) ? this.subs[n] : undefined;
      if (!f || String(n) !== k) fail('ISO8583_FIELD_NOT_IN_SPEC', `sub-field ${k} is not in the spec`, { path: `${this.path}.${k}` });
      if (value[k] !== undefined) ids.push(n);
    }
    ids.sort((a, b) => a - b);
    this.bitmap.pack(w, ids, this.path);
    for (const n of ids) this.subs[n]!.pack(w, value[String(n)], mti);
  }
  protected unpackContent(r: Reader, mti: string): FieldValue {
    const bits = this.bitmap.unpack(r, this.path);
    const present: number[] = [];
    for (let n = 1; n <= bits; n++) if (this.bitmap.isSet(n)) present.push(n);
    const out: Record<string, FieldValue> = {};
    for (const n of present) {
      const f = this.subs[n];
      if (!f) fail('ISO8583_FIELD_NOT_IN_SPEC', `the bitmap names sub-field ${n}, which the spec does not define`, { path: `${this.path}.${n}`, offset: r.pos });
      out[String(n)] = f.unpack(r, mti);
    }
    return out;
  }
  child(id: string): FieldCodec | undefined {
    const n = Number(id);
    return Number.isInteger(n) ? this.subs[n] : undefined;
  }
  children(): readonly FieldCodec[] {
    return this.list;
  }
}

/** A BER-TLV node list given by a caller, checked for shape. */
function asTlvNodes(value: unknown, path: string): readonly TlvValueNode[] {
  if (!Array.isArray(value)) fail('ISO8583_FIELD_VALUE_TYPE', `expected a list of TLV nodes, got ${shapeOf(value)}`, { path });
  for (const node of value as unknown[]) {
    if (!isPlainObject(node) || typeof node['tag'] !== 'string') fail('ISO8583_FIELD_VALUE_TYPE', 'each TLV node needs a tag', { path });
    const v = node['value'];
    const c = node['children'];
    if (v !== undefined && !(v instanceof Uint8Array)) fail('ISO8583_FIELD_VALUE_TYPE', 'a TLV value is bytes', { path: `${path}.${node['tag']}` });
    if (c !== undefined) asTlvNodes(c, `${path}.${node['tag']}`);
  }
  return value as readonly TlvValueNode[];
}

/** BER-TLV content (EMV Book 3 Annex B), as DE 55 carries it; codec from the emv layer. */
class BerTlvField extends BytesComposite {
  readonly kind = 'ber-tlv';
  protected packContent(w: Writer, value: unknown): void {
    const enc = measureTlv(asTlvNodes(value, this.path));
    w.ensure(enc.length);
    w.pos = enc.writeTo(w.buf, w.pos);
  }
  protected unpackContent(r: Reader): FieldValue {
    const start = r.pos;
    // Values are copies, so that they do not change if the caller reuses the input.
    const nodes = decodeTlv(r.bytes.subarray(start, r.end), { path: this.path, baseOffset: start, maxDepth: 8, copy: true });
    r.pos = r.end;
    return nodes;
  }
  child(id: string): FieldCodec | undefined {
    tagBytes(id.toUpperCase(), `${this.path}.${id}`);
    return new ScalarField({ type: 'b', length: 0xffff, encoding: 'binary', prefix: { encoding: 'binary', bytes: 2 } }, id, `${this.path}.${id}`);
  }
  children(): readonly FieldCodec[] {
    return [];
  }
}

/** A field whose layout depends on the MTI (UnionPay 62). */
class ByMtiField implements FieldCodec {
  readonly kind = 'by-mti';
  private readonly variants: Map<string, FieldCodec>;
  private readonly base: FieldCodec;
  constructor(
    readonly spec: FieldSpec,
    readonly id: string,
    readonly path: string,
    byMti: Readonly<Record<string, FieldSpec>>,
  ) {
    this.base = compileField(without(spec, 'byMti'), id, path);
    this.variants = new Map();
    for (const [mti, s] of Object.entries(byMti)) {
      if (!/^\d{4}$/.test(mti)) specError(path, `byMti key ${mti} is not an MTI`);
      this.variants.set(mti, compileField(without(s, 'byMti'), id, path));
    }
  }
  /** The codec used for messages of type `mti`. */
  variant(mti: string): FieldCodec {
    return this.variants.get(mti) ?? this.base;
  }
  pack(w: Writer, value: unknown, mti: string): void {
    this.variant(mti).pack(w, value, mti);
  }
  unpack(r: Reader, mti: string): FieldValue {
    return this.variant(mti).unpack(r, mti);
  }
  child(id: string, mti: string): FieldCodec | undefined {
    return this.variant(mti).child(id, mti);
  }
  children(mti: string): readonly FieldCodec[] {
    return this.variant(mti).children(mti);
  }
}

/** The codec a field uses for an MTI (its `byMti` variant, or itself). */
export function resolveCodec(codec: FieldCodec, mti: string): FieldCodec {
  return codec instanceof ByMtiField ? codec.variant(mti) : codec;
}

/**
 * Compile a field spec into a codec. `path` is used in errors (`DE60`, `DE127.25.3`).
 *
 * @example
 * ```ts
 * // fixtures/iso8583/fields.json: n..19 BCD, 1-byte BCD length counting digits
 * const f = compileField({ type: 'n', length: 19, encoding: 'bcd', prefix: { encoding: 'bcd', digits: 2 } }, '2', 'DE2');
 * f.kind; // 'scalar' (packs '123' as 03 01 23)
 * ```
 */
export function compileField(spec: FieldSpec, id: string, path: string): FieldCodec {
  if (!isPlainObject(spec)) specError(path, 'a field spec is an object');
  if (spec.byMti !== undefined && !isPlainObject(spec.byMti)) specError(path, 'byMti is an object keyed by MTI');
  if (spec.byMti !== undefined) return new ByMtiField(spec, id, path, spec.byMti);
  const c = spec.composite;
  if (c === undefined) return new ScalarField(spec, id, path);
  if (!isPlainObject(c)) specError(path, 'composite must be an object');
  if ((c.kind === 'positional' || c.kind === 'bitmap') && !isPlainObject(c.fields)) specError(path, 'composite fields must be an object keyed by sub-field id');
  switch (c.kind) {
    case 'positional':
      return spec.type === 'b' ? new BytesPositionalField(spec, id, path, c.fields) : new TextPositionalField(spec, id, path, c.fields);
    case 'bitmap':
      if (!isPlainObject(c.bitmap)) specError(path, 'a bitmap composite needs a bitmap spec');
      return new BytesBitmapField(spec, id, path, new BitmapCodec({ secondary: false, ...c.bitmap }, path), c.fields);
    case 'tlv':
      return new TextTlvField(spec, id, path, c.tagLength, c.lengthDigits, c.valueType ?? 'ans');
    case 'ber-tlv':
      return new BerTlvField(spec, id, path);
    default: {
      const never: never = c;
      return specError(path, `unknown composite kind ${String((never as { kind: unknown }).kind)}`);
    }
  }
}

/** A composite value: mutable copy used inside messages. */
export type MutableComposite = Record<string, FieldValue>;

/** Deep-copy plain objects of a value (bytes and TLV nodes are shared). */
export function copyValue(v: FieldValue): FieldValue {
  if (typeof v === 'string' || v instanceof Uint8Array || Array.isArray(v)) return v;
  // A shallow copy first (cheap); nested composites (sub-bitmapped 127.25 and the like) are rare.
  const out: MutableComposite = { ...(v as CompositeValue) };
  const inner = Object.values(out);
  for (let i = 0; i < inner.length; i++) {
    const x = inner[i];
    if (typeof x === 'object' && !(x instanceof Uint8Array) && !Array.isArray(x)) {
      for (const k of Object.keys(out)) out[k] = copyValue(out[k]!);
      break;
    }
  }
  return out;
}
