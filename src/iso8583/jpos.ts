/**
 * Import of jPOS GenericPackager XML (`isopackager` / `isofield` / `isofieldpackager`) into the
 * spec model. Field packager classes map through {@link jposFieldClasses}, one row per class read
 * from jPOS's own source (prefixer × interpreter × padder); an unmapped class is an error naming
 * it and, for a class jPOS ships, why. `pad="true"` selects the BCD layout of pad="true" (jPOS's
 * GenericPackager calls setPad with the attribute, false when absent). Numeric classes become type
 * `n`, except fields 35 and 36 (track data), which become `z`.
 */
import { fail } from '../core/index';
import { jposClassSource, jposFieldClasses, type JposFieldClass, type JposUnsupportedClass } from './jpos-classes';
import { compileMessageSpec } from './message';
import type { BitmapSpec, FieldSpec, MessageSpec } from './spec';
import { parseXml, type XmlElement } from './xml';

function unknown(cls: string, path: string, why?: string): never {
  return fail('ISO8583_JPOS_CLASS_UNKNOWN', `jPOS class ${cls.slice(0, 120)} is not supported${why === undefined ? '' : `: ${why}`}`, { path });
}

function simpleName(cls: string): string {
  return cls.slice(cls.lastIndexOf('.') + 1);
}

/** The table row of a class: only jPOS's own classes (org.jpos.iso, or no package given). */
function rowOf(cls: string, path: string): Exclude<JposFieldClass, JposUnsupportedClass> {
  const s = simpleName(cls);
  const inJpos = cls === s || cls === `org.jpos.iso.${s}`;
  const row = inJpos && Object.prototype.hasOwnProperty.call(jposFieldClasses, s) ? jposFieldClasses[s] : undefined;
  if (row === undefined) return unknown(cls, path);
  if ('unsupported' in row) return unknown(cls, path, `${row.unsupported} (${jposClassSource(s)})`);
  return row;
}

function intAttr(el: XmlElement, name: string, path: string): number {
  const v = el.attributes[name];
  if (v === undefined || !/^\d{1,7}$/.test(v)) fail('ISO8583_XML_INVALID', `attribute ${name} must be a number`, { path, offset: el.offset });
  return Number(v);
}

/** The bitmap layout a `*_BITMAP` class describes (`length` in bytes of all bitmaps). */
function bitmapOf(cls: string, length: number, path: string, secondary: boolean): BitmapSpec {
  const row = rowOf(cls, path);
  if (!('bitmap' in row)) return unknown(cls, path, 'not a bitmap class');
  const encoding = row.bitmap;
  if (!secondary) return { encoding, secondary: false, bytes: Math.min(Math.max(length, 1), 16) };
  return { encoding, tertiary: length > 16 };
}

/**
 * A field spec for one `isofield` class, as the row of {@link jposFieldClasses} gives it. Returns
 * undefined for a class that is no field (IF_NOP, IF_UNUSED).
 *
 * @example
 * ```ts
 * jposFieldSpec('org.jpos.iso.IFA_LLLBINARY', 255, { path: '55' });
 * // { type: 'b', length: 255, encoding: 'binary', prefix: { encoding: 'ascii', digits: 3 } }
 * ```
 */
export function jposFieldSpec(
  cls: string,
  length: number,
  options: { readonly name?: string; readonly pad?: boolean; readonly path: string; readonly track?: boolean },
): FieldSpec | undefined {
  const path = options.path;
  const row = rowOf(cls, path);
  if ('noField' in row) return undefined;
  if ('bitmap' in row) return unknown(cls, path, 'a bitmap class belongs on field 1 or 65, or on a sub-field packager');
  const named = options.name === undefined ? {} : { name: options.name };
  if (row.type === 'x+n') {
    // jPOS counts the C/D sign in the length; the spec model counts digits only.
    if (length < 2) return unknown(cls, path, 'an amount needs a sign and at least one digit');
    return { ...named, type: 'x+n', length: length - 1, encoding: row.encoding };
  }
  // jPOS does not check characters; track data (35, 36) needs the '=' separator of type z.
  const type = row.type === 'n' && options.track === true ? 'z' : row.type;
  const layout = row.bcd === undefined ? undefined : options.pad === true ? row.bcd.padded : row.bcd.unpadded;
  return {
    ...named,
    type,
    length,
    encoding: row.encoding,
    ...(row.prefix === undefined ? {} : { prefix: row.prefix }),
    ...(row.pad === undefined ? {} : { pad: row.pad }),
    ...(layout === undefined ? {} : { align: layout.align, ...(layout.padNibble === 'F' ? { padNibble: 'F' as const } : {}) }),
    ...(row.hexNibbles === true ? { nibbles: 'hex' as const } : {}),
  };
}

/** The outer field of a sub-field packager, as raw content for a byte-level composite. */
function asContainer(spec: FieldSpec, path: string): FieldSpec {
  if (spec.encoding === 'bcd') fail('ISO8583_JPOS_CLASS_UNKNOWN', 'sub-fields inside a BCD field are not supported', { path });
  const base: FieldSpec = { type: 'b', length: spec.length, encoding: spec.encoding === 'hex' ? 'hex' : 'binary' };
  const named = spec.name === undefined ? base : { ...base, name: spec.name };
  return spec.prefix === undefined ? named : { ...named, prefix: { ...spec.prefix, counts: 'bytes' } };
}

function fieldOf(el: XmlElement, path: string): { id: string; spec: FieldSpec | undefined; bitmap?: BitmapSpec } {
  const id = el.attributes['id'];
  if (id === undefined || !/^\d{1,3}$/.test(id)) fail('ISO8583_XML_INVALID', 'every field needs a numeric id', { path, offset: el.offset });
  const here = `${path}${path === '' ? '' : '.'}${id}`;
  const cls = el.attributes['class'];
  if (cls === undefined) fail('ISO8583_XML_INVALID', 'every field needs a class', { path: here, offset: el.offset });
  const length = intAttr(el, 'length', here);
  const name = el.attributes['name'];
  const pad = el.attributes['pad'] === undefined ? undefined : el.attributes['pad'] === 'true';
  const track = path === '' && (id === '35' || id === '36');
  const options = { path: here, track, ...(name === undefined ? {} : { name }), ...(pad === undefined ? {} : { pad }) };
  if (el.name === 'isofield') {
    if (simpleName(cls).endsWith('_BITMAP')) return { id, spec: undefined, bitmap: bitmapOf(cls, length, here, path === '') };
    return { id, spec: jposFieldSpec(cls, length, options) };
  }
  if (el.name !== 'isofieldpackager') fail('ISO8583_XML_INVALID', `unexpected element <${el.name}>`, { path: here, offset: el.offset });
  const outer = jposFieldSpec(cls, length, options);
  if (!outer) fail('ISO8583_XML_INVALID', 'a sub-field packager needs a real outer class', { path: here, offset: el.offset });
  const packager = el.attributes['packager'] ?? '';
  const inner = simpleName(packager);
  if (/^BERTLV.*Packager$/.test(inner)) {
    const container = asContainer(outer, here);
    return { id, spec: { ...container, ...(inner.includes('AsciiHex') ? { encoding: 'hex' } : {}), composite: { kind: 'ber-tlv' } } };
  }
  if (inner !== 'GenericSubFieldPackager') return unknown(packager, here);
  const fields: Record<string, FieldSpec> = {};
  let bitmap: BitmapSpec | undefined;
  for (const child of el.children) {
    const f = fieldOf(child, here);
    if (f.bitmap) bitmap = { ...f.bitmap, secondary: false };
    else if (f.spec) fields[f.id] = f.spec;
  }
  const emit = el.attributes['emitBitmap'] === 'true';
  if (emit && !bitmap) fail('ISO8583_XML_INVALID', 'emitBitmap="true" needs a *_BITMAP sub-field', { path: here, offset: el.offset });
  const composite = emit && bitmap ? ({ kind: 'bitmap', bitmap, fields } as const) : ({ kind: 'positional', fields } as const);
  return { id, spec: { ...asContainer(outer, here), composite } };
}

/**
 * Import a jPOS GenericPackager XML document as a message spec. Field 0 gives the MTI encoding,
 * field 1 the bitmap; `headerLength` on `isopackager` becomes a fixed binary header.
 *
 * @example
 * ```ts
 * // fixtures/iso8583/jpos/ascii87.xml decodes the iso87ascii samples
 * const codec = compileMessageSpec(importJposPackager(readFileSync('ascii87.xml', 'utf8')));
 * codec.unpack(bytes).get(70); // '301'
 * ```
 */
export function importJposPackager(xml: string, options: { readonly name?: string } = {}): MessageSpec {
  const root = parseXml(xml);
  if (root.name !== 'isopackager') fail('ISO8583_XML_INVALID', `root element is <${root.name}>, expected <isopackager>`, { path: 'xml', offset: root.offset });
  let mti: MessageSpec['mti'] | undefined;
  let bitmap: BitmapSpec | undefined;
  let tertiary = false;
  const fields: Record<string, FieldSpec> = {};
  for (const el of root.children) {
    if (el.attributes['id'] === '0') {
      const cls = simpleName(el.attributes['class'] ?? '');
      const encoding = cls === 'IFA_NUMERIC' || cls === 'IF_CHAR' ? 'ascii' : cls === 'IFB_NUMERIC' ? 'bcd' : cls === 'IFE_NUMERIC' || cls === 'IFE_CHAR' ? 'ebcdic' : unknown(el.attributes['class'] ?? '', '0');
      mti = { encoding };
      continue;
    }
    const f = fieldOf(el, '');
    if (f.bitmap) {
      // Field 1 is the bitmap; a bitmap class on field 65 marks the tertiary bitmap's indicator.
      if (f.id === '1') bitmap = { ...f.bitmap, ...(tertiary ? { tertiary: true } : {}) };
      else if (f.id === '65') {
        tertiary = true;
        if (bitmap) bitmap = { ...bitmap, tertiary: true };
      } else fail('ISO8583_XML_INVALID', `a bitmap class on field ${f.id}`, { path: f.id, offset: el.offset });
    } else if (f.spec) fields[f.id] = f.spec;
  }
  if (!mti) fail('ISO8583_XML_INVALID', 'field 0 (MTI) is missing', { path: '0' });
  if (!bitmap) fail('ISO8583_XML_INVALID', 'field 1 (bitmap) is missing', { path: '1' });
  const headerLength = root.attributes['headerLength'];
  const header =
    headerLength !== undefined && Number(headerLength) > 0
      ? [{ id: 'header', spec: { type: 'b', length: intAttr(root, 'headerLength', 'header'), encoding: 'binary' } as FieldSpec }]
      : undefined;
  const spec: MessageSpec = { name: options.name ?? 'jpos', mti, bitmap, fields, ...(header ? { header } : {}) };
  compileMessageSpec(spec);
  return spec;
}
