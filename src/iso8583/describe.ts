/**
 * Readable and JSON renderings of a message, masked by default (DESIGN.md §2; PCI DSS v4.0
 * req. 3.4.1): PANs show the first 6 and last 4 digits, tracks keep only the masked PAN, PIN data
 * and key material are starred, DE 55 shows its tag tree with the values hidden.
 */
import { fail, hex, maskPan, maskTrack, toHex } from '../core/index';
import { resolveCodec, type FieldCodec } from './field';
import type { IsoMessage, MessageCodec } from './message';
import { mtiClass, mtiFunction, mtiOrigin, mtiVersion } from './mti';
import type { FieldValue, Sensitivity, TlvValueNode } from './spec';
import { shapeOf } from './wire';

/** Options for `describe()` and `toJSON()`. */
export interface DescribeOptions {
  /** Show sensitive values in clear (default false). */
  readonly reveal?: boolean;
}

/**
 * A JSON value of a field: text, uppercase hex for bytes, an object for composites, or (BER-TLV
 * whose order an object cannot keep) a list of one-tag objects.
 */
export type FieldJson = string | readonly FieldJson[] | { readonly [id: string]: FieldJson };

/** The JSON form of a message. */
export interface MessageJson {
  readonly mti: string;
  readonly header?: Readonly<Record<string, string>>;
  readonly fields: Readonly<Record<string, FieldJson>>;
}

function maskText(v: string, s: Sensitivity | undefined): string {
  switch (s) {
    case undefined:
      return v;
    case 'pan':
      return maskPan(v);
    case 'track':
      return maskTrack(v);
    case 'pin':
    case 'secret':
    case 'emv':
      return '*'.repeat(v.length);
    default: {
      const never: never = s;
      return String(never);
    }
  }
}

function maskHex(b: Uint8Array, s: Sensitivity | undefined): string {
  return s === undefined ? toHex(b) : '*'.repeat(2 * b.length);
}

/**
 * BER-TLV as JSON: `{ "9F26": "…", "9F27": "…" }` when a JSON object keeps the card order, else a
 * list of one-tag objects `[{ "9F26": "…" }, { "82": "…" }]`. JS objects list integer-like keys
 * (`82`, `95`) first and cannot repeat a key, so the list form is what keeps such DE 55 exact.
 */
function tlvJson(nodes: readonly TlvValueNode[], s: Sensitivity | undefined): FieldJson {
  const obj: Record<string, FieldJson> = {};
  const list: Record<string, FieldJson>[] = [];
  for (const n of nodes) {
    const v: FieldJson = n.children ? tlvJson(n.children, s) : maskHex(n.value ?? new Uint8Array(0), s);
    if (!Object.prototype.hasOwnProperty.call(obj, n.tag)) obj[n.tag] = v;
    list.push({ [n.tag]: v });
  }
  const keys = Object.keys(obj);
  const ordered = keys.length === nodes.length && keys.every((k, i) => k === nodes[i]!.tag);
  return ordered ? obj : list;
}

function valueJson(codec: FieldCodec | undefined, v: FieldValue, mti: string, inherited: Sensitivity | undefined, reveal: boolean): FieldJson {
  const c = codec ? resolveCodec(codec, mti) : undefined;
  const s = reveal ? undefined : (c?.spec.sensitive ?? inherited);
  if (typeof v === 'string') return maskText(v, s);
  if (v instanceof Uint8Array) return maskHex(v, s);
  if (Array.isArray(v)) return tlvJson(v as readonly TlvValueNode[], s);
  const out: Record<string, FieldJson> = {};
  for (const [k, x] of Object.entries(v as Record<string, FieldValue>)) out[k] = valueJson(c?.child(k, mti), x, mti, s, reveal);
  return out;
}

/** The JSON form of a message (see {@link MessageJson}). */
export function messageToJson(msg: IsoMessage, options: DescribeOptions = {}): MessageJson {
  const reveal = options.reveal === true;
  const fields: Record<string, FieldJson> = {};
  for (const n of msg.fieldNumbers()) fields[String(n)] = valueJson(msg.codec.field(n), msg.fieldValue(n)!, msg.mti, undefined, reveal);
  const header: Record<string, string> = {};
  for (const h of msg.codec.header) {
    const v = msg.getHeader(h.id);
    if (v !== undefined) header[h.id] = typeof v === 'string' ? v : toHex(v);
  }
  return msg.codec.header.length > 0 ? { mti: msg.mti, header, fields } : { mti: msg.mti, fields };
}

function describeValue(lines: string[], indent: string, label: string, name: string, codec: FieldCodec | undefined, v: FieldValue, mti: string, inherited: Sensitivity | undefined, reveal: boolean): void {
  const c = codec ? resolveCodec(codec, mti) : undefined;
  const s = reveal ? undefined : (c?.spec.sensitive ?? inherited);
  const head = `${indent}${label.padEnd(Math.max(6, 14 - indent.length))} ${name}`.trimEnd();
  if (typeof v === 'string') {
    lines.push(`${head.padEnd(52)} ${maskText(v, s)}`);
  } else if (v instanceof Uint8Array) {
    lines.push(`${head.padEnd(52)} ${maskHex(v, s)}`);
  } else if (Array.isArray(v)) {
    lines.push(head);
    const walk = (nodes: readonly TlvValueNode[], ind: string): void => {
      for (const n of nodes) {
        const len = n.value?.length ?? 0;
        if (n.children) {
          lines.push(`${ind}${n.tag} (${len} bytes)`);
          walk(n.children, `${ind}  `);
        } else lines.push(`${`${ind}${n.tag} (${len} bytes)`.padEnd(52)} ${maskHex(n.value ?? new Uint8Array(0), s)}`);
      }
    };
    walk(v as readonly TlvValueNode[], `${indent}  `);
  } else {
    lines.push(head);
    for (const [k, x] of Object.entries(v as Record<string, FieldValue>)) {
      const sub = c?.child(k, mti);
      describeValue(lines, `${indent}  `, `${label.trim()}.${k}`, sub?.spec.name ?? '', sub, x, mti, s, reveal);
    }
  }
}

/** The readable dump behind `IsoMessage.describe()`. */
export function describeMessage(msg: IsoMessage, options: DescribeOptions = {}): string {
  const reveal = options.reveal === true;
  const lines: string[] = [];
  const mti = msg.mti;
  let meaning = '';
  if (/^\d{4}$/.test(mti)) meaning = ` (${mtiVersion(mti)} ${mtiClass(mti)} ${mtiFunction(mti)}, from ${mtiOrigin(mti)})`;
  lines.push(`${msg.codec.spec.name} message`);
  for (const h of msg.codec.header) {
    const v = msg.getHeader(h.id);
    if (v !== undefined) lines.push(`${`header.${h.id}`.padEnd(52)} ${typeof v === 'string' ? v : toHex(v)}`);
  }
  lines.push(`${'MTI'.padEnd(52)} ${mti}${meaning}`);
  for (const n of msg.fieldNumbers()) {
    const codec = msg.codec.field(n);
    const c = codec ? resolveCodec(codec, mti) : undefined;
    describeValue(lines, '', `DE${n}`, c?.spec.name ?? '', codec, msg.fieldValue(n)!, mti, undefined, reveal);
  }
  return lines.join('\n');
}

function tlvFromJson(v: unknown, path: string): TlvValueNode[] {
  if (typeof v !== 'object' || v === null) fail('ISO8583_FIELD_VALUE_TYPE', `expected an object or a list of tags, got ${shapeOf(v)}`, { path });
  const entries: [string, unknown][] = [];
  if (Array.isArray(v)) {
    for (const item of v as unknown[]) {
      if (typeof item !== 'object' || item === null || Array.isArray(item)) fail('ISO8583_FIELD_VALUE_TYPE', 'each list item is a { tag: value } object', { path });
      entries.push(...Object.entries(item as Record<string, unknown>));
    }
  } else entries.push(...Object.entries(v as Record<string, unknown>));
  const out: TlvValueNode[] = [];
  for (const [tag, x] of entries) {
    if (typeof x === 'string') out.push({ tag: tag.toUpperCase(), value: hex(x, { path: `${path}.${tag}` }) });
    else out.push({ tag: tag.toUpperCase(), children: tlvFromJson(x, `${path}.${tag}`) });
  }
  return out;
}

function valueFromJson(codec: FieldCodec, v: unknown, mti: string): FieldValue {
  const c = resolveCodec(codec, mti);
  switch (c.kind) {
    case 'scalar':
      if (typeof v !== 'string') fail('ISO8583_FIELD_VALUE_TYPE', `expected text, got ${shapeOf(v)}`, { path: c.path });
      return c.spec.type === 'b' ? hex(v, { path: c.path }) : v;
    case 'ber-tlv':
      return tlvFromJson(v, c.path);
    case 'positional':
    case 'bitmap':
    case 'tlv': {
      if (typeof v !== 'object' || v === null || Array.isArray(v)) fail('ISO8583_FIELD_VALUE_TYPE', `expected an object of sub-fields, got ${shapeOf(v)}`, { path: c.path });
      const out: Record<string, FieldValue> = {};
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
        const sub = c.child(k, mti);
        if (!sub) fail('ISO8583_FIELD_NOT_IN_SPEC', `sub-field ${k} is not in the spec`, { path: `${c.path}.${k}` });
        out[k] = valueFromJson(sub, x, mti);
      }
      return out;
    }
    case 'by-mti':
      return fail('ISO8583_SPEC_INVALID', 'nested per-MTI variants', { path: c.path });
    default: {
      const never: never = c.kind;
      return fail('ISO8583_SPEC_INVALID', `unknown codec kind ${String(never)}`, { path: c.path });
    }
  }
}

/**
 * Build a message from its JSON form (the inverse of `toJSON({ reveal: true })`): text as sent,
 * binary as hex, DE 55 as `{ "9F26": "…" }`.
 *
 * @example
 * ```ts
 * const msg = messageFromJson(codec, { mti: '0800', fields: { '11': '000001', '70': '301' } });
 * ```
 */
export function messageFromJson(codec: MessageCodec, json: unknown): IsoMessage {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) fail('ISO8583_FIELD_VALUE_TYPE', `expected an object, got ${shapeOf(json)}`);
  const j = json as Record<string, unknown>;
  if (typeof j['mti'] !== 'string') fail('ISO8583_MTI_INVALID', 'the JSON needs an "mti" string', { path: 'mti' });
  const msg = codec.create(j['mti']);
  const header = j['header'];
  if (header !== undefined) {
    if (typeof header !== 'object' || header === null) fail('ISO8583_FIELD_VALUE_TYPE', 'header is an object', { path: 'header' });
    for (const [k, v] of Object.entries(header as Record<string, unknown>)) {
      const h = codec.header.find((x) => x.id === k);
      if (!h) fail('ISO8583_FIELD_NOT_IN_SPEC', `header part ${k} is not in the spec`, { path: `header.${k}` });
      if (typeof v !== 'string') fail('ISO8583_FIELD_VALUE_TYPE', 'header values are text or hex', { path: `header.${k}` });
      msg.setHeader(k, h.codec.text ? v : hex(v, { path: `header.${k}` }));
    }
  }
  const fields = j['fields'] ?? {};
  if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) fail('ISO8583_FIELD_VALUE_TYPE', '"fields" is an object', { path: 'fields' });
  for (const [k, v] of Object.entries(fields as Record<string, unknown>)) {
    const n = Number(k);
    const f = Number.isInteger(n) ? codec.field(n) : undefined;
    if (!f) fail('ISO8583_FIELD_NOT_IN_SPEC', `field ${k} is not in the spec`, { path: `DE${k}` });
    msg.set(n, valueFromJson(f, v, msg.mti));
  }
  return msg;
}
