// fast-check arbitraries for valid values of any field spec, and for whole messages of a dialect.
import { fc } from '../helpers/prop.js';
import type { FieldSpec, FieldValue, MessageCodec, TlvValueNode } from '../../src/iso8583/index';

const DIGITS = '0123456789';
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
let SPECIAL = '';
for (let c = 0x20; c < 0x7f; c++) {
  const ch = String.fromCharCode(c);
  if (!DIGITS.includes(ch) && !UPPER.includes(ch) && !LOWER.includes(ch)) SPECIAL += ch;
}

function charsOf(spec: FieldSpec): string {
  switch (spec.type) {
    case 'n':
      return spec.nibbles === 'hex' && spec.encoding === 'bcd' ? `${DIGITS}ABCDEF` : DIGITS;
    case 'z':
      if (spec.encoding === 'bcd') return spec.nibbles === 'hex' ? `${DIGITS}ABCDEF` : `${DIGITS}=`;
      return `${DIGITS}=D`;
    case 'a':
      return UPPER + LOWER;
    case 's':
      return SPECIAL;
    case 'an':
      return UPPER + LOWER + DIGITS;
    case 'as':
      return UPPER + LOWER + SPECIAL;
    case 'ns':
      return DIGITS + SPECIAL;
    case 'ans':
      return UPPER + LOWER + DIGITS + SPECIAL;
    case 'anp':
      return `${UPPER}${LOWER}${DIGITS} `;
    case 'x+n':
      return DIGITS;
    case 'b':
      return '';
  }
}

function text(chars: string, min: number, max: number): fc.Arbitrary<string> {
  return fc.string({ unit: fc.constantFrom(...chars.split('')), minLength: min, maxLength: max });
}

const TAGS = ['9F26', '9F27', '9F10', '9F37', '9F36', '95', '9A', '9C', '9F02', '5F2A', '82', '84', '9F1A', '9F33', '9F34'];

function tlvNodes(maxBytes: number): fc.Arbitrary<FieldValue> {
  return fc
    .array(fc.record({ tag: fc.constantFrom(...TAGS), value: fc.uint8Array({ maxLength: 20 }) }), { maxLength: 8 })
    .filter((nodes) => nodes.reduce((n, x) => n + x.tag.length / 2 + 1 + x.value.length, 0) <= maxBytes)
    .map((nodes) => nodes as TlvValueNode[]);
}

/** Valid values of a field (for the given MTI). Capped at `cap` units to keep runs fast. */
export function valueOf(spec: FieldSpec, mti: string, cap = 60): fc.Arbitrary<FieldValue> {
  const s = spec.byMti?.[mti] ?? spec;
  const c = s.composite;
  if (c) {
    switch (c.kind) {
      case 'ber-tlv':
        return tlvNodes(Math.min(s.length, 120));
      case 'tlv':
        return fc.dictionary(text(`${DIGITS}${UPPER}`, c.tagLength, c.tagLength), text(charsOf({ type: c.valueType ?? 'ans', length: 1, encoding: 'ascii' }), 0, 9), { maxKeys: 4 });
      case 'positional': {
        const ids = Object.keys(c.fields).sort((a, b) => Number(a) - Number(b));
        return fc.integer({ min: 1, max: ids.length }).chain((k) => {
          const rec: Record<string, fc.Arbitrary<FieldValue>> = {};
          for (const id of ids.slice(0, k)) rec[id] = valueOf(c.fields[id]!, mti, cap);
          return fc.record(rec);
        });
      }
      case 'bitmap': {
        const rec: Record<string, fc.Arbitrary<FieldValue>> = {};
        for (const [id, f] of Object.entries(c.fields)) rec[id] = valueOf(f, mti, 12);
        return fc
          .record(rec, { requiredKeys: [] })
          .filter((o) => Object.keys(o).length > 0)
          .map((o) => o as Record<string, FieldValue>);
      }
    }
  }
  const max = Math.min(s.length, cap);
  if (s.type === 'b') return s.prefix ? fc.uint8Array({ maxLength: max }) : fc.uint8Array({ minLength: s.length, maxLength: s.length });
  if (s.type === 'x+n') return fc.tuple(fc.constantFrom('C', 'D'), text(DIGITS, s.length, s.length)).map(([a, b]) => a + b);
  if (!s.prefix) return text(charsOf(s), s.length, s.length);
  return text(charsOf(s), 0, max);
}

/** A random valid message of a codec: an MTI and a non-empty subset of its fields. */
export function messageOf(codec: MessageCodec, mtis: readonly string[]): fc.Arbitrary<{ mti: string; fields: [number, FieldValue][] }> {
  const numbers = codec.fields.map((f, n) => (f ? n : -1)).filter((n) => n > 0);
  return fc.constantFrom(...mtis).chain((mti) =>
    fc
      .uniqueArray(fc.constantFrom(...numbers), { minLength: 1, maxLength: 12 })
      .chain((ns) => fc.tuple(...ns.map((n) => valueOf(codec.fields[n]!.spec, mti).map((v) => [n, v] as [number, FieldValue]))))
      .map((fields) => ({ mti, fields })),
  );
}
