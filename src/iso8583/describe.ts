/**
 * Readable and JSON renderings of a message, masked by default (DESIGN.md §2; PCI DSS v4.0
 * req. 3.4.1): PANs show the first 6 and last 4 digits, tracks keep only the masked PAN, PIN data
 * and key material are starred, DE 55 shows its tag tree with the values hidden.
 */
import { maskPan, maskTrack, toHex } from '../core/index';
import { emvTag } from '../emv/index';
import { resolveCodec, type FieldCodec } from './field';
import { mtiClass, mtiFunction, mtiOrigin, mtiVersion } from './mti';
import type { FieldValue, Sensitivity, TlvValueNode } from './spec';

/**
 * What the renderings read of a message. `IsoMessage` has this shape; naming it here keeps this
 * module below message.ts, which calls it. @internal
 */
export interface DescribedMessage {
  readonly mti: string;
  readonly codec: {
    readonly spec: { readonly name: string };
    readonly header: readonly { readonly id: string }[];
    field(n: number): FieldCodec | undefined;
  };
  fieldNumbers(): readonly number[];
  fieldValue(n: number): FieldValue | undefined;
  getHeader(id: string): string | Uint8Array | undefined;
}

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
export function messageToJson(msg: DescribedMessage, options: DescribeOptions = {}): MessageJson {
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
        // The EMV tag dictionary names each tag (EMV Book 3 Annex A); unknown tags show bare.
        const title = `${ind}${n.tag} ${emvTag(n.tag)?.name ?? ''} (${len} byte${len === 1 ? '' : 's'})`.replace('  (', ' (');
        if (n.children) {
          lines.push(title);
          walk(n.children, `${ind}  `);
        } else lines.push(`${title.padEnd(52)} ${maskHex(n.value ?? new Uint8Array(0), s)}`);
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
export function describeMessage(msg: DescribedMessage, options: DescribeOptions = {}): string {
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
