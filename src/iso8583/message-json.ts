/**
 * A message from its JSON form, the inverse of `IsoMessage.toJSON({ reveal: true })`
 * (describe.ts writes that form; this module reads it back through a message codec).
 */
import { fail, hex } from '../core/index';
import { resolveCodec, type FieldCodec } from './field';
import type { IsoMessage, MessageCodec } from './message';
import type { FieldValue, TlvValueNode } from './spec';
import { shapeOf } from './wire';

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
