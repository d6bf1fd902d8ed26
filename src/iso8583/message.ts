/**
 * Messages and their compiled codec: `compileMessageSpec(spec)` once, then `create`, `pack` and
 * `unpack` many times. Fields are addressed by number or by path (`127.25.3`, `55.9F26`).
 */
import { CardwireError, fail, hex, inspectSymbol, isCardwireError } from '../core/index';
import { decodeTlv } from '../emv/index';
import { BitmapCodec } from './bitmap';
import { checkValue, compileField, copyValue, resolveCodec, type FieldCodec, type MutableComposite } from './field';
import { assertMti } from './mti';
import { ScalarCodec, specError } from './scalar';
import type { FieldSpec, FieldValue, MessageSpec, TlvValueNode } from './spec';
import { Reader, Writer, ebcdic, shapeOf } from './wire';
import { describeMessage, messageToJson, type DescribeOptions, type MessageJson } from './describe';

const [EBCDIC_TO_LATIN1, LATIN1_TO_EBCDIC] = ebcdic('037');

/** Options for {@link MessageCodec.unpack}. */
export interface UnpackOptions {
  /** Accept bytes after the last field instead of failing with ISO8583_TRAILING_BYTES (default false). */
  readonly allowTrailing?: boolean;
}

/** Where a part of an unpacked message sat in the input. */
export interface ByteRange {
  /** `header.<id>`, `mti`, `bitmap` or a field number. */
  readonly path: string;
  readonly start: number;
  readonly end: number;
}

/** A parsed field path: the data element number and the sub-field ids or tags below it. */
export interface FieldPath {
  readonly field: number;
  readonly rest: readonly string[];
}

/**
 * Parse `2`, `127.25.3` or `55.9F26` (a `DE` prefix is accepted: `DE55.9F26`).
 *
 * @example
 * ```ts
 * parsePath('127.25.3'); // { field: 127, rest: ['25', '3'] }
 * parsePath('DE55.9F26'); // { field: 55, rest: ['9F26'] }
 * ```
 */
export function parsePath(path: string | number): FieldPath {
  if (typeof path === 'number') {
    if (!Number.isInteger(path) || path < 1 || path > 192) fail('ISO8583_PATH_INVALID', 'a field number is 1..192', { path: String(path) });
    return { field: path, rest: [] };
  }
  if (typeof path !== 'string') fail('ISO8583_PATH_INVALID', `a path is text or a number, got ${shapeOf(path)}`);
  const known = parsedPaths.get(path);
  if (known !== undefined) return known;
  const parsed = parseTextPath(path);
  // Programs use a few paths over and over ('60.1', '55.9F26'): keep the first ones parsed.
  if (parsedPaths.size < PARSED_PATHS_KEPT) parsedPaths.set(path, parsed);
  return parsed;
}

const PARSED_PATHS_KEPT = 1024;
const parsedPaths = new Map<string, FieldPath>();

function parseTextPath(path: string): FieldPath {
  const parts = (path.startsWith('DE') ? path.slice(2) : path).split('.');
  const head = parts[0]!;
  const n = Number(head);
  if (!/^\d{1,3}$/.test(head) || n < 1 || n > 192) fail('ISO8583_PATH_INVALID', 'a path starts with a field number 1..192', { path });
  for (const p of parts) if (p === '') fail('ISO8583_PATH_INVALID', 'a path has an empty part', { path });
  return Object.freeze({ field: n, rest: Object.freeze(parts.slice(1)) });
}

/** True when a field (sub-fields and per-MTI variants included) puts only ASCII bytes on the wire. */
function asciiCarried(spec: FieldSpec): boolean {
  const p = spec.prefix;
  if (spec.encoding !== 'ascii' && spec.encoding !== 'hex') return false;
  if (p !== undefined && p.encoding !== 'ascii' && p.encoding !== 'hex') return false;
  const c = spec.composite;
  // Hex-carried composites decode their content from a side buffer: the wire stays ASCII.
  if (c !== undefined && spec.encoding !== 'hex') {
    if (c.kind === 'bitmap' && c.bitmap.encoding !== 'hex') return false;
    if ((c.kind === 'positional' || c.kind === 'bitmap') && !Object.values(c.fields).every(asciiCarried)) return false;
    if (c.kind === 'ber-tlv') return false;
  }
  return spec.byMti === undefined || Object.values(spec.byMti).every(asciiCarried);
}

function isTlvList(v: unknown): v is readonly TlvValueNode[] {
  return Array.isArray(v);
}

function isComposite(v: unknown): v is MutableComposite {
  // Composite values inside a message are the message's own copies (copyValue), so mutable.
  return typeof v === 'object' && v !== null && !(v instanceof Uint8Array) && !Array.isArray(v);
}

/**
 * A compiled message spec: `create`, `pack` and `unpack` messages of one layout. Get one from
 * {@link compileMessageSpec} or `dialect(name).codec`.
 *
 * @example
 * ```ts
 * // fixtures/iso8583/messages.json, cup 0200
 * const { codec } = dialect('cup');
 * const msg = codec.unpack(hex('6000030000603100000000020070200480...'));
 * msg.get('60.2');                   // '000001'
 * toHex(msg.getBytes('55.9F26')!);   // '1122334455667788'
 * ```
 */
export class MessageCodec {
  readonly spec: MessageSpec;
  /** Field codecs by number (index 0 and 1 unused). */
  readonly fields: readonly (FieldCodec | undefined)[];
  readonly header: readonly { readonly id: string; readonly codec: ScalarCodec; readonly default: string | Uint8Array | undefined }[];
  private readonly bitmap: BitmapCodec;
  private readonly mtiEnc: 'ascii' | 'bcd' | 'ebcdic';
  private readonly writer = new Writer(1024);
  /** Every byte of a valid message is ASCII (text decoding can then slice one decoded copy). */
  private readonly asciiOnly: boolean;

  constructor(spec: MessageSpec) {
    if (typeof spec !== 'object' || spec === null) specError('', 'a message spec is an object');
    this.spec = spec;
    this.mtiEnc = spec.mti?.encoding;
    if (this.mtiEnc !== 'ascii' && this.mtiEnc !== 'bcd' && this.mtiEnc !== 'ebcdic') specError('mti', 'MTI encoding must be ascii, bcd or ebcdic');
    if (typeof spec.bitmap !== 'object' || spec.bitmap === null) specError('bitmap', 'a bitmap spec is an object');
    this.bitmap = new BitmapCodec(spec.bitmap, 'bitmap');
    if (spec.header !== undefined && !Array.isArray(spec.header)) specError('header', 'header is a list of fields');
    if (typeof spec.fields !== 'object' || spec.fields === null || Array.isArray(spec.fields)) specError('fields', 'fields is an object keyed by field number');
    this.header = (spec.header ?? []).map((h: unknown) => {
      if (typeof h !== 'object' || h === null) specError('header', 'a header part is { id, spec, default? }');
      const { id, spec: hs } = h as { id?: unknown; spec?: unknown };
      if (typeof id !== 'string' || typeof hs !== 'object' || hs === null) specError('header', 'a header part is { id, spec, default? }');
      return h as NonNullable<MessageSpec['header']>[number];
    }).map((h) => {
      const codec = new ScalarCodec(h.spec, `header.${h.id}`);
      if (!codec.fixed) specError(`header.${h.id}`, 'header fields are fixed length');
      if (h.default !== undefined && typeof h.default !== 'string') specError(`header.${h.id}`, 'a header default is text (hex for b)');
      const def = h.default === undefined ? undefined : h.spec.type === 'b' ? hex(h.default, { path: `header.${h.id}` }) : h.default;
      return { id: h.id, codec, default: def };
    });
    const fields = new Array<FieldCodec | undefined>(this.bitmap.maxField + 1);
    for (const [k, f] of Object.entries(spec.fields ?? {})) {
      const n = Number(k);
      if (!/^\d{1,3}$/.test(k) || n < 2 || n > this.bitmap.maxField || this.bitmap.isControlBit(n)) {
        specError(`DE${k}`, `field number must be 2..${this.bitmap.maxField} and not a bitmap indicator`);
      }
      fields[n] = compileField(f, k, `DE${k}`);
    }
    this.fields = fields;
    this.asciiOnly =
      this.mtiEnc === 'ascii' &&
      spec.bitmap.encoding === 'hex' &&
      this.header.every((h) => asciiCarried(h.codec.spec)) &&
      Object.values(spec.fields).every(asciiCarried);
  }

  /** The compiled codec of field `n`. */
  field(n: number): FieldCodec | undefined {
    return this.fields[n];
  }

  /** A new empty message of this layout. */
  create(mti?: string): IsoMessage {
    const m = new IsoMessage(this);
    if (mti !== undefined) m.mti = mti;
    return m;
  }

  /** Pack a message into one new byte array. */
  pack(msg: IsoMessage): Uint8Array {
    return this.write(msg).finish();
  }

  /**
   * Pack a message into `target` at `offset` (for example after a length header in a buffer the
   * caller reuses) without allocating; returns the number of bytes written.
   *
   * @example
   * ```ts
   * const frame = new Uint8Array(2048);
   * const n = codec.packInto(msg, frame, 2);
   * frame[0] = n >> 8; frame[1] = n & 255; // 2-byte length header
   * ```
   */
  packInto(msg: IsoMessage, target: Uint8Array, offset = 0): number {
    const w = this.write(msg);
    if (!Number.isInteger(offset) || offset < 0 || offset + w.pos > target.length) {
      fail('INVALID_ARGUMENT', `the message needs ${w.pos} bytes at offset ${offset}; the target has ${target.length}`);
    }
    target.set(w.buf.subarray(0, w.pos), offset);
    return w.pos;
  }

  /** Write a message into the codec's reusable buffer. */
  private write(msg: IsoMessage): Writer {
    if (msg.codec !== this) fail('INVALID_ARGUMENT', 'the message belongs to another spec');
    const w = this.writer;
    w.pos = 0;
    const mti = msg.mti;
    assertMti(mti);
    for (const h of this.header) {
      const v = msg.headerValues[h.id] ?? h.default;
      if (v === undefined) fail('ISO8583_FIELD_MISSING', 'header field is not set', { path: `header.${h.id}` });
      h.codec.pack(w, v);
    }
    this.packMti(w, mti);
    const ids = msg.ids;
    const vals = msg.vals;
    this.bitmap.pack(w, ids, 'bitmap');
    const fields = this.fields;
    for (let i = 0; i < ids.length; i++) {
      const n = ids[i]!;
      const f = fields[n];
      if (!f) fail('ISO8583_FIELD_NOT_IN_SPEC', `field ${n} is not in the spec`, { path: `DE${n}` });
      const v = vals[i];
      // Top-level text of a plain scalar field was checked by set() or unpack() and is immutable.
      if (typeof v === 'string' && f.kind === 'scalar') (f as unknown as ScalarCodec).packChecked(w, v);
      else f.pack(w, v, mti);
    }
    return w;
  }

  private packMti(w: Writer, mti: string): void {
    w.ensure(4);
    const b = w.buf;
    const p = w.pos;
    switch (this.mtiEnc) {
      case 'ascii':
        for (let i = 0; i < 4; i++) b[p + i] = mti.charCodeAt(i);
        w.pos = p + 4;
        break;
      case 'ebcdic':
        for (let i = 0; i < 4; i++) b[p + i] = LATIN1_TO_EBCDIC[mti.charCodeAt(i)]!;
        w.pos = p + 4;
        break;
      case 'bcd':
        b[p] = ((mti.charCodeAt(0) - 48) << 4) | (mti.charCodeAt(1) - 48);
        b[p + 1] = ((mti.charCodeAt(2) - 48) << 4) | (mti.charCodeAt(3) - 48);
        w.pos = p + 2;
        break;
    }
  }

  private unpackMti(r: Reader): string {
    const b = r.bytes;
    const p = r.pos;
    let s = '';
    if (this.mtiEnc === 'bcd') {
      r.need(2, 'mti');
      for (let i = 0; i < 4; i++) {
        const x = b[p + (i >> 1)]!;
        const d = i & 1 ? x & 15 : x >> 4;
        if (d > 9) fail('ISO8583_MTI_INVALID', 'MTI nibble is not a digit', { path: 'mti', offset: p + (i >> 1) });
        s += String.fromCharCode(48 + d);
      }
      r.pos = p + 2;
      return s;
    }
    r.need(4, 'mti');
    const ascii = this.mtiEnc === 'ascii';
    for (let i = 0; i < 4; i++) {
      const c = ascii ? b[p + i]! : EBCDIC_TO_LATIN1[b[p + i]!]!;
      if (c < 48 || c > 57) fail('ISO8583_MTI_INVALID', 'MTI character is not a digit', { path: 'mti', offset: p + i });
      if (!ascii) s += String.fromCharCode(c);
    }
    r.pos = p + 4;
    return ascii ? r.latin1(p, p + 4) : s;
  }

  /**
   * Unpack one message. Errors carry the field path and byte offset, and the fields parsed so far
   * as `partial` (an {@link IsoMessage}).
   */
  unpack(bytes: Uint8Array, options?: UnpackOptions): IsoMessage {
    if (!(bytes instanceof Uint8Array)) fail('INVALID_ARGUMENT', `expected bytes, got ${shapeOf(bytes)}`);
    const msg = new IsoMessage(this);
    this.scan(msg, bytes, options?.allowTrailing === true, undefined);
    return msg;
  }

  /** Decode `bytes` into `msg`; when `record` is given, push [path, start, end] of each part. */
  private scan(msg: IsoMessage, bytes: Uint8Array, allowTrailing: boolean, record: ByteRange[] | undefined): void {
    const r = new Reader(bytes, 0, bytes.length, this.asciiOnly);
    try {
      for (let i = 0; i < this.header.length; i++) {
        const h = this.header[i]!;
        const start = r.pos;
        msg.headerValues[h.id] = h.codec.unpack(r);
        record?.push({ path: `header.${h.id}`, start, end: r.pos });
      }
      let start = r.pos;
      const mti = this.unpackMti(r);
      msg.setMtiUnchecked(mti);
      record?.push({ path: 'mti', start, end: r.pos });
      start = r.pos;
      const bitmap = this.bitmap;
      const bits = bitmap.unpack(r, 'bitmap');
      record?.push({ path: 'bitmap', start, end: r.pos });
      const ids = msg.ids;
      const vals = msg.vals;
      const fields = this.fields;
      const raw = bitmap.bytes;
      for (let k = 0, nb = bits >> 3; k < nb; k++) {
        const x = raw[k]!;
        if (x === 0) continue;
        for (let j = 0; j < 8; j++) {
          if ((x & (0x80 >> j)) === 0) continue;
          const n = 8 * k + j + 1;
          if (bitmap.isControlBit(n)) continue;
          const f = fields[n];
          if (!f) fail('ISO8583_FIELD_NOT_IN_SPEC', `the bitmap names field ${n}, which the spec does not define`, { path: `DE${n}`, offset: r.pos });
          start = r.pos;
          const v = f.unpack(r, mti);
          ids.push(n);
          vals.push(v);
          record?.push({ path: String(n), start, end: r.pos });
        }
      }
      if (r.pos !== bytes.length && !allowTrailing) {
        fail('ISO8583_TRAILING_BYTES', `${bytes.length - r.pos} bytes after the last field`, { path: '', offset: r.pos });
      }
      msg.source = bytes;
      msg.consumed = r.pos;
    } catch (e) {
      if (!isCardwireError(e)) {
        // A defect, not bad input: report it as a CardwireError rather than leak a TypeError.
        throw new CardwireError('ISO8583_TRUNCATED', 'internal decoder failure', { offset: r.pos, cause: e, partial: msg });
      }
      const text = e.message.slice(e.message.indexOf(': ') + 2);
      throw new CardwireError(e.code, text, { path: e.path, ...(e.offset === undefined ? {} : { offset: e.offset }), cause: e, partial: msg });
    }
  }

  /** Byte ranges of an unpacked message (see {@link IsoMessage.byteRanges}). */
  rangesOf(msg: IsoMessage): ByteRange[] {
    if (!msg.source) return [];
    const out: ByteRange[] = [];
    this.scan(new IsoMessage(this), msg.source.subarray(0, msg.consumed), false, out);
    return out;
  }
}

/**
 * Compile a message spec into a codec. Specs are validated here: a bad spec fails with
 * ISO8583_SPEC_INVALID and the path of the offending part.
 *
 * @example
 * ```ts
 * // fixtures/iso8583/messages.json, iso87ascii 0800
 * const codec = compileMessageSpec(dialect('iso87ascii').spec);
 * const msg = codec.create('0800').set(7, '1125123456').set(11, '000001').set(70, '301');
 * decodeAscii(msg.pack()); // '0800' + '82200000000000000400000000000000' + '1125123456' + '000001' + '301'
 * ```
 */
export function compileMessageSpec(spec: MessageSpec): MessageCodec {
  return new MessageCodec(spec);
}

/**
 * One ISO 8583 message: MTI, header parts and field values, with masked `describe()`/`toJSON()`.
 *
 * @example
 * ```ts
 * const msg = dialect('iso87ascii').codec.create('0200').set(2, '4761739001010010').set(3, '000000');
 * msg.toJSON().fields['2']; // '476173******0010'
 * ```
 */
export class IsoMessage {
  private mtiValue = '';
  /** @internal Numbers of the fields present, ascending. */
  readonly ids: number[] = [];
  /** @internal Their values, in the same order. */
  readonly vals: FieldValue[] = [];
  /** @internal Header parts by id. */
  readonly headerValues: Record<string, string | Uint8Array> = {};
  /** The input this message was unpacked from (the caller's array, not a copy), if any. */
  source: Uint8Array | undefined;
  /** Bytes of {@link source} the message took. */
  consumed = 0;

  constructor(readonly codec: MessageCodec) {}

  /** @internal Value of field `n`, or undefined. */
  fieldValue(n: number): FieldValue | undefined {
    const ids = this.ids;
    for (let i = 0; i < ids.length; i++) if (ids[i] === n) return this.vals[i];
    return undefined;
  }

  /** @internal Store field `n` (undefined removes it), keeping `ids` ascending. */
  putField(n: number, v: FieldValue | undefined): void {
    const ids = this.ids;
    const last = ids.length - 1;
    if (v !== undefined && (last < 0 || ids[last]! < n)) {
      // Fields are usually set in ascending order: append.
      ids.push(n);
      this.vals.push(v);
      return;
    }
    let i = 0;
    while (i < ids.length && ids[i]! < n) i++;
    if (i < ids.length && ids[i] === n) {
      if (v === undefined) {
        ids.splice(i, 1);
        this.vals.splice(i, 1);
      } else this.vals[i] = v;
    } else if (v !== undefined) {
      // Insert at i by hand (cheaper than splice for these short arrays).
      const vals = this.vals;
      ids.push(n);
      vals.push(v);
      for (let j = ids.length - 1; j > i; j--) {
        ids[j] = ids[j - 1]!;
        vals[j] = vals[j - 1]!;
      }
      ids[i] = n;
      vals[i] = v;
    }
  }

  /** The message type indicator, four digits. */
  get mti(): string {
    return this.mtiValue;
  }
  set mti(v: string) {
    assertMti(v);
    this.mtiValue = v;
  }
  /** @internal */
  setMtiUnchecked(v: string): void {
    this.mtiValue = v;
  }

  /** Field numbers present, ascending. */
  fieldNumbers(): number[] {
    return this.ids.slice();
  }

  private codecAt(field: number, rest: readonly string[], path: string): FieldCodec {
    let c = this.codec.fields[field];
    if (!c) fail('ISO8583_FIELD_NOT_IN_SPEC', `field ${field} is not in the spec`, { path: `DE${path}` });
    for (const id of rest) {
      c = c.child(id, this.mtiValue);
      if (!c) fail('ISO8583_FIELD_NOT_IN_SPEC', `sub-field ${id} is not in the spec`, { path: `DE${path}` });
    }
    return c;
  }

  /**
   * Set a field or sub-field; the value is validated against its spec at once.
   *
   * @example
   * ```ts
   * msg.set(3, '000000').set('127.25.3', '000000000100').set('55.9F26', hex('1122334455667788'));
   * ```
   */
  set(path: string | number, value: FieldValue): this {
    const p = parsePath(path);
    const label = typeof path === 'number' ? String(path) : path;
    const codec = this.codecAt(p.field, p.rest, label);
    if (p.rest.length === 0) {
      if (value instanceof Uint8Array && resolveCodec(codec, this.mtiValue).kind === 'ber-tlv') {
        // Raw DE 55 bytes: keep them as the node list the emv layer reads them into.
        value = decodeTlv(value, { path: `DE${p.field}`, copy: true });
      }
      checkValue(codec, value, this.mtiValue);
      this.putField(p.field, copyValue(value));
      return this;
    }
    checkValue(codec, value, this.mtiValue);
    const ids = p.rest;
    const setIn = (cur: FieldValue | undefined, depth: number): FieldValue => {
      const id = ids[depth]!;
      const here = resolveCodec(this.codecAt(p.field, ids.slice(0, depth), label), this.mtiValue);
      if (here.kind === 'ber-tlv') {
        if (depth !== ids.length - 1) fail('ISO8583_PATH_INVALID', 'set a constructed BER-TLV object as a node list', { path: `DE${label}` });
        const tag = id.toUpperCase();
        const list = isTlvList(cur) ? cur : [];
        const node = { tag, value: value as Uint8Array };
        // The first object with the tag is replaced (repeats after it are kept); else appended.
        const at = list.findIndex((n) => n.tag === tag);
        return at < 0 ? [...list, node] : list.map((n, i) => (i === at ? node : n));
      }
      const obj: MutableComposite = isComposite(cur) ? cur : {};
      obj[id] = depth === ids.length - 1 ? copyValue(value) : setIn(obj[id], depth + 1);
      return obj;
    };
    this.putField(p.field, setIn(this.fieldValue(p.field), 0));
    return this;
  }

  /**
   * Get a field or sub-field value; `undefined` when absent. For a BER-TLV path the first node
   * with the tag (at any depth) is returned.
   */
  get(path: string | number): FieldValue | undefined {
    const p = parsePath(path);
    let v: unknown = this.fieldValue(p.field);
    for (const id of p.rest) {
      if (v === undefined) return undefined;
      if (isTlvList(v)) v = findNode(v, id.toUpperCase());
      else if (typeof v === 'object' && !(v instanceof Uint8Array)) v = (v as Record<string, unknown>)[id];
      else return undefined;
    }
    return v as FieldValue | undefined;
  }

  /** Text value of a field, or undefined. Throws ISO8583_FIELD_VALUE_TYPE when the field is not text. */
  getText(path: string | number): string | undefined {
    const v = this.get(path);
    if (v === undefined || typeof v === 'string') return v;
    return fail('ISO8583_FIELD_VALUE_TYPE', `field holds ${shapeOf(v)}, not text`, { path: `DE${String(path)}` });
  }

  /** Bytes value of a field, or undefined. Throws ISO8583_FIELD_VALUE_TYPE when the field is not bytes. */
  getBytes(path: string | number): Uint8Array | undefined {
    const v = this.get(path);
    if (v === undefined || v instanceof Uint8Array) return v;
    return fail('ISO8583_FIELD_VALUE_TYPE', `field holds ${shapeOf(v)}, not bytes`, { path: `DE${String(path)}` });
  }

  /** True when the field or sub-field is present. */
  has(path: string | number): boolean {
    return this.get(path) !== undefined;
  }

  /** Remove a field or sub-field. */
  unset(path: string | number): this {
    const p = parsePath(path);
    if (p.rest.length === 0) {
      this.putField(p.field, undefined);
      return this;
    }
    const ids = p.rest;
    const unsetIn = (cur: FieldValue | undefined, depth: number): FieldValue | undefined => {
      const id = ids[depth]!;
      if (isTlvList(cur)) {
        if (depth !== ids.length - 1) return cur;
        const tag = id.toUpperCase();
        return cur.filter((n) => n.tag !== tag);
      }
      const obj: unknown = cur;
      if (!isComposite(obj)) return cur;
      if (depth === ids.length - 1) delete obj[id];
      else if (obj[id] !== undefined) {
        const next = unsetIn(obj[id], depth + 1);
        if (next === undefined) delete obj[id];
        else obj[id] = next;
      }
      return obj;
    };
    this.putField(p.field, unsetIn(this.fieldValue(p.field), 0));
    return this;
  }

  /** Set a header part (TPDU, proprietary header): bytes for `b` parts, text otherwise. */
  setHeader(id: string, value: string | Uint8Array): this {
    const h = this.codec.header.find((x) => x.id === id);
    if (!h) fail('ISO8583_FIELD_NOT_IN_SPEC', `header part ${id} is not in the spec`, { path: `header.${id}` });
    h.codec.check(value);
    this.headerValues[id] = value;
    return this;
  }

  /** A header part's value (the spec default when not set). */
  getHeader(id: string): string | Uint8Array | undefined {
    const own = this.headerValues[id];
    if (own !== undefined) return own;
    const def = this.codec.header.find((x) => x.id === id)?.default;
    return def instanceof Uint8Array ? def.slice() : def;
  }

  /** Pack into bytes. */
  pack(): Uint8Array {
    return this.codec.pack(this);
  }

  /**
   * Byte ranges of each part of an unpacked message (MAC input, debugging), found by scanning
   * {@link source} again — so call it before reusing the input buffer; empty for built messages.
   *
   * @example
   * ```ts
   * codec.unpack(bytes).byteRanges();
   * // [{ path: 'mti', start: 0, end: 4 }, { path: 'bitmap', start: 4, end: 36 }, { path: '11', start: 36, end: 42 }, …]
   * ```
   */
  byteRanges(): ByteRange[] {
    return this.codec.rangesOf(this);
  }

  /** A readable dump, masked unless `reveal` is set. */
  describe(options: DescribeOptions = {}): string {
    return describeMessage(this, options);
  }

  /** JSON form: `{ mti, header?, fields }`, binary as uppercase hex, masked unless `reveal` is set. */
  toJSON(options: DescribeOptions = {}): MessageJson {
    return messageToJson(this, options);
  }

  /** Node's inspect shows the masked description. */
  [inspectSymbol](): string {
    return this.describe();
  }
}

function findNode(list: readonly TlvValueNode[], tag: string): Uint8Array | readonly TlvValueNode[] | undefined {
  for (const n of list) {
    if (n.tag === tag) return n.children ?? n.value;
    if (n.children) {
      const f = findNode(n.children, tag);
      if (f !== undefined) return f;
    }
  }
  return undefined;
}

export type { FieldSpec };
