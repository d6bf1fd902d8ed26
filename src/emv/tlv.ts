/**
 * BER-TLV as EMV uses it: EMV 4.4 Book 3 Annex B (coding of data objects), a profile of
 * ISO/IEC 8825-1 (BER). Tags of one or more bytes, definite lengths of up to 4 subsequent length
 * bytes, constructed objects decoded recursively, and the `00`/`FF` padding that real cards leave
 * between objects. Order and repeated tags are kept: the result is an array, never an object keyed
 * by tag (a reordered tag set produces a different cryptogram).
 */
import { fail, toHex } from '../core/index';

/** One decoded BER-TLV object. */
export interface TlvNode {
  /** Tag as uppercase hex, e.g. `'9F26'`. */
  readonly tag: string;
  /** The value bytes: a view (`subarray`) into the decoded input, or a copy with the `copy` option. */
  readonly value: Uint8Array;
  /** The decoded children, present for constructed tags (bit 6 of the first tag byte set). */
  readonly children?: readonly TlvNode[];
  /** Byte offset of the first tag byte in the input (plus `baseOffset`). */
  readonly offset: number;
  /** Number of tag and length bytes: the value starts at `offset + headerLength`. */
  readonly headerLength: number;
}

/** A run of `00` or `FF` padding bytes found between BER-TLV objects. */
export interface TlvPadding {
  /** Offset of the first padding byte (plus `baseOffset`). */
  readonly offset: number;
  /** Number of consecutive padding bytes. */
  readonly length: number;
}

/** Options for {@link decodeTlv} and {@link decodeTlvDetailed}. */
export interface TlvDecodeOptions {
  /**
   * Reject what EMV tolerates but a careful writer never produces: `00`/`FF` padding
   * (`TLV_PADDING`) and lengths in a longer form than needed (`TLV_NONMINIMAL_LENGTH`).
   * Default `false`.
   */
  readonly strict?: boolean;
  /**
   * Deepest nesting of constructed objects accepted (default 16, at most {@link MAX_TLV_DEPTH});
   * deeper is `TLV_TOO_DEEP`.
   */
  readonly maxDepth?: number;
  /** Most objects accepted in one input, all levels together (default 65536). */
  readonly maxObjects?: number;
  /** Path prefix for errors, in the caller's terms, e.g. `'DE55'` gives `'DE55.9F26'`. */
  readonly path?: string;
  /** Offset of `bytes[0]` in the caller's input, added to every reported offset. */
  readonly baseOffset?: number;
  /** Decode the values of constructed objects into `children` (default `true`). */
  readonly recurse?: boolean;
  /**
   * Give each node a copy of its value instead of a view into `bytes`, so the nodes stay valid when
   * the caller reuses the input buffer (default `false`). Small copies are cheaper than views in V8.
   */
  readonly copy?: boolean;
}

/** The result of {@link decodeTlvDetailed}: the objects and the padding found around them. */
export interface TlvDecodeResult {
  readonly nodes: TlvNode[];
  /** Every run of `00`/`FF` padding, at any nesting level, in input order of discovery. */
  readonly padding: TlvPadding[];
}

/** Input to {@link encodeTlv}: a tag with either its value bytes or its children. */
export interface TlvInput {
  /** Tag as hex (case-insensitive), e.g. `'9F26'`. */
  readonly tag: string;
  /** Value bytes of a primitive object (or the raw, already encoded value of a constructed one). */
  readonly value?: Uint8Array;
  /** Children of a constructed object, encoded in order. */
  readonly children?: readonly TlvInput[];
}

const HEX = '0123456789ABCDEF';
/** Tag strings of the 1-byte tags, by byte. */
const TAG1: string[] = Array.from({ length: 256 }, (_, i) => HEX[i >> 4]! + HEX[i & 15]!);
/**
 * Tag strings of the 2-byte tags, filled on first use. A 2-byte tag's first byte always has its
 * low 5 bits set (Annex B1: `xxx11111`), so 3 bits of it plus the second byte index 2048 slots.
 */
const TAG2: (string | undefined)[] = new Array<string | undefined>(2048);

interface DecodeState {
  readonly bytes: Uint8Array;
  readonly strict: boolean;
  readonly maxDepth: number;
  readonly maxObjects: number;
  readonly path: string;
  readonly base: number;
  readonly recurse: boolean;
  readonly copy: boolean;
  objects: number;
  padding: TlvPadding[] | undefined;
}

function pathOf(state: DecodeState, parents: string, tag: string): string {
  const inner = parents === '' ? tag : tag === '' ? parents : `${parents}.${tag}`;
  if (inner === '') return state.path;
  return state.path === '' ? inner : `${state.path}.${inner}`;
}

function decodeLevel(state: DecodeState, start: number, end: number, depth: number, parents: string): TlvNode[] {
  const bytes = state.bytes;
  const base = state.base;
  const nodes: TlvNode[] = [];
  let i = start;
  while (i < end) {
    let b0 = bytes[i]!;
    if (b0 === 0x00 || b0 === 0xff) {
      // Annex B: '00' bytes may occur before, between or after objects; cards also pad with 'FF'.
      // Neither is a valid first tag byte (ISO/IEC 7816-4 §5.2.2.1), so the run is padding.
      const padStart = i;
      while (i < end && (bytes[i] === 0x00 || bytes[i] === 0xff)) i++;
      if (state.strict) {
        fail('TLV_PADDING', `${i - padStart} padding byte(s) found`, { path: pathOf(state, parents, ''), offset: base + padStart });
      }
      state.padding?.push({ offset: base + padStart, length: i - padStart });
      if (i >= end) break;
      b0 = bytes[i]!;
    }
    const offset = i;
    if (++state.objects > state.maxObjects) {
      fail('TLV_TOO_MANY_OBJECTS', `more than ${state.maxObjects} objects`, { path: pathOf(state, parents, ''), offset: base + offset });
    }
    // Tag (Annex B1): low 5 bits all set → subsequent bytes follow while bit 8 is set.
    let tag: string;
    i++;
    if ((b0 & 0x1f) !== 0x1f) {
      tag = TAG1[b0]!;
    } else {
      if (i >= end) fail('TLV_TRUNCATED', 'tag ends after its first byte', { path: pathOf(state, parents, TAG1[b0]!), offset: base + offset });
      const b1 = bytes[i++]!;
      if (state.strict && b1 === 0x80) {
        fail('TLV_INVALID_TAG', 'first subsequent tag byte is 80 (ISO/IEC 8825-1 §8.1.2.4.2 c)', { path: pathOf(state, parents, TAG1[b0]!), offset: base + offset + 1 });
      }
      if ((b1 & 0x80) === 0) {
        const k = ((b0 >> 5) << 8) | b1;
        tag = TAG2[k] ?? (TAG2[k] = TAG1[b0]! + TAG1[b1]!);
      } else {
        // EMV tags are at most 3 bytes in practice; ISO allows more. Accept up to 4.
        let n = 2;
        while (true) {
          if (i >= end) fail('TLV_TRUNCATED', 'tag runs past the end of the input', { path: pathOf(state, parents, toHex(bytes, offset, i)), offset: base + offset });
          const b = bytes[i++]!;
          n++;
          if ((b & 0x80) === 0) break;
          if (n >= 4) fail('TLV_INVALID_TAG', 'tag longer than 4 bytes', { path: pathOf(state, parents, toHex(bytes, offset, i)), offset: base + offset });
        }
        tag = toHex(bytes, offset, i);
      }
    }
    // Length (Annex B2): 00-7F short form; 81-84 followed by 1-4 length bytes; 80 indefinite.
    if (i >= end) fail('TLV_TRUNCATED', 'length missing after the tag', { path: pathOf(state, parents, tag), offset: base + offset });
    let length = bytes[i++]!;
    if (length & 0x80) {
      const count = length & 0x7f;
      if (count === 0) fail('TLV_INDEFINITE_LENGTH', 'indefinite length (80) is not allowed', { path: pathOf(state, parents, tag), offset: base + i - 1 });
      if (count > 4) fail('TLV_INVALID_LENGTH', `length uses ${count} length bytes (at most 4)`, { path: pathOf(state, parents, tag), offset: base + i - 1 });
      if (i + count > end) fail('TLV_TRUNCATED', `length needs ${count} more byte(s)`, { path: pathOf(state, parents, tag), offset: base + i - 1 });
      length = 0;
      for (let k = 0; k < count; k++) length = length * 256 + bytes[i++]!;
      if (state.strict && (length < 0x80 || (count > 1 && bytes[i - count] === 0))) {
        fail('TLV_NONMINIMAL_LENGTH', `length ${length} written with ${count} length byte(s)`, { path: pathOf(state, parents, tag), offset: base + i - count - 1 });
      }
    }
    const valueEnd = i + length;
    if (valueEnd > end) {
      fail('TLV_TRUNCATED', `value of ${length} byte(s) but only ${end - i} remain`, { path: pathOf(state, parents, tag), offset: base + offset });
    }
    const value = state.copy ? bytes.slice(i, valueEnd) : bytes.subarray(i, valueEnd);
    if ((b0 & 0x20) !== 0 && state.recurse) {
      if (depth >= state.maxDepth) fail('TLV_TOO_DEEP', `constructed objects nested deeper than ${state.maxDepth}`, { path: pathOf(state, parents, tag), offset: base + offset });
      const children = decodeLevel(state, i, valueEnd, depth + 1, parents === '' ? tag : `${parents}.${tag}`);
      nodes.push({ tag, value, children, offset: base + offset, headerLength: i - offset });
    } else {
      nodes.push({ tag, value, offset: base + offset, headerLength: i - offset });
    }
    i = valueEnd;
  }
  return nodes;
}

/**
 * Highest `maxDepth` a caller may ask for. The decoder recurses once per level, so an unbounded
 * limit would let a crafted input (two bytes per level) exhaust the call stack with a RangeError.
 */
export const MAX_TLV_DEPTH = 256;

function limit(value: number | undefined, fallback: number, max: number, name: string): number {
  const v = value ?? fallback;
  if (!Number.isInteger(v) || v < 0 || v > max) fail('INVALID_ARGUMENT', `${name} must be an integer 0-${max}`, { path: name });
  return v;
}

function makeState(bytes: Uint8Array, options: TlvDecodeOptions, padding: TlvPadding[] | undefined): DecodeState {
  return {
    bytes,
    strict: options.strict === true,
    maxDepth: limit(options.maxDepth, 16, MAX_TLV_DEPTH, 'maxDepth'),
    maxObjects: limit(options.maxObjects, 65536, Number.MAX_SAFE_INTEGER, 'maxObjects'),
    path: options.path ?? '',
    base: options.baseOffset ?? 0,
    recurse: options.recurse !== false,
    copy: options.copy === true,
    objects: 0,
    padding,
  };
}

/**
 * Decode a sequence of BER-TLV objects (EMV Book 3 Annex B). Values are views into `bytes`.
 * `00`/`FF` padding between objects is skipped (an error in strict mode); use
 * {@link decodeTlvDetailed} to learn where it was.
 *
 * @example
 * ```ts
 * const nodes = decodeTlv(hex('6F168407A0000000031010A50B5009564953412054455354'));
 * nodes[0].tag;                       // '6F'
 * nodes[0].children?.map((n) => n.tag); // ['84', 'A5']
 * decodeTlv(hex('9F2608AABB'));       // throws TLV_TRUNCATED, path '9F26', offset 0
 * ```
 */
export function decodeTlv(bytes: Uint8Array, options: TlvDecodeOptions = {}): TlvNode[] {
  return decodeLevel(makeState(bytes, options, undefined), 0, bytes.length, 0, '');
}

/**
 * Decode like {@link decodeTlv} and also report every run of `00`/`FF` padding found.
 *
 * @example
 * ```ts
 * const { nodes, padding } = decodeTlvDetailed(hex('70035A01120000'));
 * nodes[0].tag; // '70'
 * padding;      // [{ offset: 5, length: 2 }]
 * ```
 */
export function decodeTlvDetailed(bytes: Uint8Array, options: TlvDecodeOptions = {}): TlvDecodeResult {
  const padding: TlvPadding[] = [];
  const nodes = decodeLevel(makeState(bytes, options, padding), 0, bytes.length, 0, '');
  padding.sort((a, b) => a.offset - b.offset);
  return { nodes, padding };
}

/** Tag bytes by tag text, validated once. */
const tagBytesCache = new Map<string, Uint8Array>();

/**
 * Parse and validate tag text: hex, the Annex B1 continuation rule, at most 4 bytes, not 00/FF.
 *
 * @example
 * ```ts
 * tagBytes('9f26'); // Uint8Array [0x9F, 0x26]
 * tagBytes('9F');   // throws TLV_INVALID_TAG (9F announces a subsequent byte)
 * ```
 */
export function tagBytes(tag: string, path = tag): Uint8Array {
  const cached = tagBytesCache.get(tag);
  if (cached) return cached;
  const bad = (why: string): never => fail('TLV_INVALID_TAG', why, { path });
  if (tag.length === 0 || tag.length > 8 || tag.length % 2 !== 0 || !/^[0-9A-Fa-f]+$/.test(tag)) bad('tag must be 1 to 4 bytes of hex');
  const out = new Uint8Array(tag.length / 2);
  for (let k = 0; k < out.length; k++) out[k] = parseInt(tag.slice(2 * k, 2 * k + 2), 16);
  const b0 = out[0]!;
  if (b0 === 0x00 || b0 === 0xff) bad('00 and FF are not tags');
  if ((b0 & 0x1f) !== 0x1f) {
    if (out.length !== 1) bad('a first tag byte without xxx11111 stands alone');
  } else {
    if (out.length === 1) bad('first tag byte xxx11111 announces a subsequent byte');
    for (let k = 1; k < out.length; k++) {
      const more = (out[k]! & 0x80) !== 0;
      if (more !== (k < out.length - 1)) bad('subsequent tag bytes must have bit 8 set on all but the last');
    }
  }
  if (tagBytesCache.size < 4096) tagBytesCache.set(tag, out);
  return out;
}

/**
 * True when the tag is constructed (bit 6 of its first byte, Annex B1).
 *
 * @example
 * ```ts
 * isConstructedTag('70'); // true
 * isConstructedTag('9F26'); // false
 * ```
 */
export function isConstructedTag(tag: string): boolean {
  return (tagBytes(tag)[0]! & 0x20) !== 0;
}

function lengthSize(n: number): number {
  return n < 0x80 ? 1 : n <= 0xff ? 2 : n <= 0xffff ? 3 : n <= 0xffffff ? 4 : 5;
}

interface Sized {
  readonly tag: Uint8Array;
  readonly valueLength: number;
  readonly value: Uint8Array | undefined;
  readonly children: Sized[] | undefined;
}

function measure(inputs: readonly TlvInput[], path: string, depth: number): { items: Sized[]; total: number } {
  // The writer recurses per level too: a caller-built tree deeper than the decoder accepts is refused.
  if (depth > MAX_TLV_DEPTH) fail('TLV_TOO_DEEP', `constructed objects nested deeper than ${MAX_TLV_DEPTH}`, { path });
  const items: Sized[] = [];
  let total = 0;
  for (const input of inputs) {
    const here = path === '' ? input.tag : `${path}.${input.tag}`;
    const tag = tagBytesCache.get(input.tag) ?? tagBytes(input.tag.toUpperCase(), here);
    const constructed = (tag[0]! & 0x20) !== 0;
    let item: Sized;
    if (input.children !== undefined) {
      if (!constructed) fail('TLV_INVALID_TAG', 'children given for a primitive tag', { path: here });
      if (input.value !== undefined) fail('INVALID_ARGUMENT', 'give either value or children, not both', { path: here });
      const inner = measure(input.children, here, depth + 1);
      item = { tag, valueLength: inner.total, value: undefined, children: inner.items };
    } else {
      const value = input.value ?? new Uint8Array(0);
      item = { tag, valueLength: value.length, value, children: undefined };
    }
    if (item.valueLength > 0xffffffff) fail('TLV_INVALID_LENGTH', 'value longer than 4 length bytes can express', { path: here });
    total += tag.length + lengthSize(item.valueLength) + item.valueLength;
    items.push(item);
  }
  return { items, total };
}

function write(items: readonly Sized[], out: Uint8Array, at: number): number {
  for (const item of items) {
    const t = item.tag;
    for (let k = 0; k < t.length; k++) out[at++] = t[k]!;
    const n = item.valueLength;
    const size = lengthSize(n);
    if (size === 1) out[at++] = n;
    else {
      out[at++] = 0x80 | (size - 1);
      for (let k = size - 2; k >= 0; k--) out[at++] = Math.floor(n / 2 ** (8 * k)) & 0xff;
    }
    if (item.children) at = write(item.children, out, at);
    else if (item.value) {
      const v = item.value;
      // Short values by hand: a typed-array set() call costs more than copying a few bytes.
      if (v.length <= 16) for (let k = 0; k < v.length; k++) out[at++] = v[k]!;
      else {
        out.set(v, at);
        at += v.length;
      }
    }
  }
  return at;
}

/**
 * Encode BER-TLV objects in the order given, with minimal (DER-style) lengths.
 *
 * @example
 * ```ts
 * toHex(encodeTlv([{ tag: '70', children: [{ tag: '5A', value: hex('12') }] }])); // '70035A0112'
 * toHex(encodeTlv([{ tag: '9F02', value: hex('000000001000') }])); // '9F0206000000001000'
 * ```
 */
export function encodeTlv(nodes: readonly TlvInput[]): Uint8Array {
  const { items, total } = measure(nodes, '', 0);
  const out = new Uint8Array(total);
  write(items, out, 0);
  return out;
}

/** BER-TLV objects measured for encoding: {@link TlvEncoding.length} bytes, written by {@link TlvEncoding.writeTo}. */
export interface TlvEncoding {
  /** Encoded size in bytes. */
  readonly length: number;
  /** Write the encoding into `out` at `offset` (the caller makes room); returns the offset after it. */
  writeTo(out: Uint8Array, offset: number): number;
}

/**
 * Measure BER-TLV objects for encoding into a buffer the caller owns (what {@link encodeTlv} does,
 * without allocating the result): validate and size first, then write.
 *
 * @example
 * ```ts
 * const enc = measureTlv([{ tag: '9F02', value: hex('000000001000') }]);
 * enc.length;                              // 9
 * const out = new Uint8Array(16);
 * enc.writeTo(out, 2);                     // 11; out[2..11] = 9F0206000000001000
 * ```
 */
export function measureTlv(nodes: readonly TlvInput[]): TlvEncoding {
  const { items, total } = measure(nodes, '', 0);
  return {
    length: total,
    writeTo(out: Uint8Array, offset: number): number {
      if (!Number.isInteger(offset) || offset < 0 || offset + total > out.length) {
        fail('INVALID_ARGUMENT', `the encoding needs ${total} bytes at offset ${offset}; the target has ${out.length}`);
      }
      return write(items, out, offset);
    },
  };
}

function findDepthFirst(nodes: readonly TlvNode[], tag: string): TlvNode | undefined {
  for (const node of nodes) {
    if (node.tag === tag) return node;
    if (node.children) {
      const found = findDepthFirst(node.children, tag);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * Find the first object with a tag, or at a path.
 * - A bare tag (`'9F26'`) is searched at every level, depth first, in card order.
 * - A path (`'70/57'`, `'77/9F10'`) is anchored at the top level: each step is a child of the last.
 *
 * @example
 * ```ts
 * const nodes = decodeTlv(hex('70075A0512345678909F3401AA'));
 * findTlv(nodes, '5A')?.value;    // 1234567890
 * findTlv(nodes, '70/5A')?.offset; // 2
 * findTlv(nodes, '9F34');          // top-level 9F34
 * ```
 */
export function findTlv(nodes: readonly TlvNode[], tagOrPath: string): TlvNode | undefined {
  const query = tagOrPath.toUpperCase();
  if (!query.includes('/')) return findDepthFirst(nodes, query);
  let level: readonly TlvNode[] | undefined = nodes;
  let found: TlvNode | undefined;
  for (const step of query.split('/')) {
    if (!level) return undefined;
    found = level.find((n) => n.tag === step);
    if (!found) return undefined;
    level = found.children;
  }
  return found;
}

/**
 * Every object with a tag, at every level, depth first in card order (repeats kept).
 *
 * @example
 * ```ts
 * findAllTlv(decodeTlv(hex('9F36020001' + '70049F360100')), '9F36').length; // 2
 * ```
 */
export function findAllTlv(nodes: readonly TlvNode[], tag: string): TlvNode[] {
  const wanted = tag.toUpperCase();
  const out: TlvNode[] = [];
  const visit = (level: readonly TlvNode[]): void => {
    for (const node of level) {
      if (node.tag === wanted) out.push(node);
      if (node.children) visit(node.children);
    }
  };
  visit(nodes);
  return out;
}
