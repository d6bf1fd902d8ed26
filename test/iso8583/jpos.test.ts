// jPOS GenericPackager XML import (our own XML files in fixtures/iso8583/jpos/) and the JSON spec
// format: imported specs decode the dialect sample messages to the same values and bytes.
import { readFileSync } from 'node:fs';
import { fc, test as fcTest } from '../helpers/prop.js';
import { describe, expect, test } from 'vitest';
import { hex, isCardwireError, toHex } from '../../src/core/index';
import { compileMessageSpec, dialect, dialectNames, exportSpec, importJposPackager, importSpec, jposFieldSpec, parseXml } from '../../src/iso8583/index';

const xml = (name: string): string => readFileSync(new URL(`../../fixtures/iso8583/jpos/${name}`, import.meta.url), 'utf8');
interface Vector {
  dialect: string;
  hex: string;
  mti: string;
  fields: Record<string, string>;
}
const vectors = JSON.parse(readFileSync(new URL('../../fixtures/iso8583/messages.json', import.meta.url), 'utf8')) as Vector[];
const show = (v: unknown): unknown => (v instanceof Uint8Array ? toHex(v) : v);

function caught(f: () => unknown): { code: string; path: string; offset: number | undefined; message: string } {
  try {
    f();
  } catch (e) {
    if (isCardwireError(e)) return { code: e.code, path: e.path, offset: e.offset, message: e.message };
    throw e;
  }
  throw new Error('expected an error');
}

describe.each([
  ['ascii87.xml', 'iso87ascii'],
  ['binary87.xml', 'iso87binary'],
  ['postilion-like.xml', 'postilion'],
])('%s decodes the %s samples', (file, name) => {
  const codec = compileMessageSpec(importJposPackager(xml(file)));
  test.each(vectors.filter((v) => v.dialect === name).map((v) => [v.mti, v] as const))('%s', (_mti, v) => {
    const msg = codec.unpack(hex(v.hex));
    expect(msg.mti).toBe(v.mti);
    for (const [path, want] of Object.entries(v.fields)) expect([path, show(msg.get(path))]).toEqual([path, want]);
    expect(toHex(msg.pack())).toBe(v.hex);
  });
});

describe('class mapping', () => {
  test.each([
    ['org.jpos.iso.IFA_NUMERIC', 6, { type: 'n', length: 6, encoding: 'ascii', pad: { side: 'left', char: '0' } }],
    ['org.jpos.iso.IFA_LLLCHAR', 999, { type: 'ans', length: 999, encoding: 'ascii', prefix: { encoding: 'ascii', digits: 3 } }],
    ['org.jpos.iso.IFA_LLBINARY', 99, { type: 'b', length: 99, encoding: 'binary', prefix: { encoding: 'ascii', digits: 2 } }],
    ['org.jpos.iso.IFA_AMOUNT', 9, { type: 'x+n', length: 8, encoding: 'ascii' }],
    ['org.jpos.iso.IFB_LLHBINARY', 255, { type: 'b', length: 255, encoding: 'binary', prefix: { encoding: 'binary', bytes: 1 } }],
    ['org.jpos.iso.IFB_LLLHBINARY', 999, { type: 'b', length: 999, encoding: 'binary', prefix: { encoding: 'binary', bytes: 2 } }],
    ['org.jpos.iso.IFB_LLHECHAR', 99, { type: 'ans', length: 99, encoding: 'ebcdic', prefix: { encoding: 'binary', bytes: 1 } }],
    ['org.jpos.iso.IFB_LLLNUM', 999, { type: 'n', length: 999, encoding: 'bcd', prefix: { encoding: 'bcd', digits: 3 }, align: 'left' }],
    ['org.jpos.iso.IFE_CHAR', 8, { type: 'ans', length: 8, encoding: 'ebcdic', pad: { side: 'right', char: ' ' } }],
    ['org.jpos.iso.IFE_LLNUM', 19, { type: 'n', length: 19, encoding: 'ebcdic', prefix: { encoding: 'ebcdic', digits: 2 } }],
    ['org.jpos.iso.IFE_LLBINARY', 99, { type: 'b', length: 99, encoding: 'binary', prefix: { encoding: 'ebcdic', digits: 2 } }],
    ['org.jpos.iso.IFEA_LLCHAR', 99, { type: 'ans', length: 99, encoding: 'ascii', prefix: { encoding: 'ebcdic', digits: 2 } }],
    ['org.jpos.iso.IFAE_LLCHAR', 99, { type: 'ans', length: 99, encoding: 'ebcdic', prefix: { encoding: 'ascii', digits: 2 } }],
    ['org.jpos.iso.IFEB_LLNUM', 19, { type: 'n', length: 19, encoding: 'bcd', prefix: { encoding: 'ebcdic', digits: 2, counts: 'bytes' }, align: 'left', padNibble: 'F' }],
    ['org.jpos.iso.IF_CHAR', 12, { type: 'ans', length: 12, encoding: 'ascii', pad: { side: 'right', char: ' ' } }],
  ] as const)('%s', (cls, length, want) => {
    expect(jposFieldSpec(cls, length, { path: 'x' })).toEqual(want);
  });
  test('IF_NOP is no field', () => expect(jposFieldSpec('org.jpos.iso.IF_NOP', 0, { path: 'x' })).toBeUndefined());
  test('an unknown class is an error naming it', () => {
    const e = caught(() => importJposPackager('<isopackager><isofield id="0" length="4" class="org.jpos.iso.IFA_NUMERIC"/><isofield id="1" length="16" class="org.jpos.iso.IFA_BITMAP"/><isofield id="2" length="19" class="com.example.IFX_MAGIC"/></isopackager>'));
    expect(e).toMatchObject({ code: 'ISO8583_JPOS_CLASS_UNKNOWN', path: '2' });
    expect(e.message).toContain('com.example.IFX_MAGIC');
    expect(caught(() => jposFieldSpec('org.jpos.iso.IFB_AMOUNT', 9, { path: '28' })).code).toBe('ISO8583_JPOS_CLASS_UNKNOWN');
  });
});

describe('XML reader errors', () => {
  test.each([
    ['<isopackager>', 'ISO8583_XML_INVALID', 0],
    ['<isopackager><isofield id="2"></isopackager>', 'ISO8583_XML_INVALID', 30],
    ['<a b=1/>', 'ISO8583_XML_INVALID', 5],
    ['<a b="&bogus;"/>', 'ISO8583_XML_INVALID', 6],
    ['<a/><b/>', 'ISO8583_XML_INVALID', 4],
    ['', 'ISO8583_XML_INVALID', 0],
  ])('%s', (text, code, offset) => {
    expect(caught(() => parseXml(text))).toMatchObject({ code, offset });
  });
  test('entities and comments', () => {
    expect(parseXml('<?xml version="1.0"?><!-- c --><a x="&lt;&amp;&#65;"><!-- d --><b/></a>')).toMatchObject({ name: 'a', attributes: { x: '<&A' }, children: [{ name: 'b' }] });
  });
  test('missing MTI or bitmap, wrong root', () => {
    expect(caught(() => importJposPackager('<isopackager/>')).code).toBe('ISO8583_XML_INVALID');
    expect(caught(() => importJposPackager('<packager/>')).code).toBe('ISO8583_XML_INVALID');
  });
});

describe('JSON spec format', () => {
  test.each(dialectNames.map((n) => [n]))('%s exports and imports unchanged', (name) => {
    const spec = dialect(name).spec;
    const back = importSpec(exportSpec(spec));
    expect(back).toEqual(JSON.parse(JSON.stringify(spec)));
    const v = vectors.find((x) => x.dialect === name);
    if (v) expect(toHex(compileMessageSpec(back).unpack(hex(v.hex)).pack())).toBe(v.hex);
  });
  test('bad specs', () => {
    expect(caught(() => importSpec('{')).code).toBe('ISO8583_SPEC_INVALID');
    expect(caught(() => importSpec('[]')).code).toBe('ISO8583_SPEC_INVALID');
    expect(caught(() => importSpec({ name: 'x', mti: { encoding: 'ascii' }, bitmap: { encoding: 'hex' }, fields: { '2': { type: 'q', length: 2, encoding: 'ascii' } } }))).toMatchObject({ code: 'ISO8583_SPEC_INVALID', path: 'DE2' });
    expect(caught(() => importSpec({ name: 'x', mti: { encoding: 'ascii' }, bitmap: { encoding: 'hex' }, fields: { '2': { type: 'b', length: 2, encoding: 'binary', composite: { kind: 'positional', fields: 7 } } } })).code).toBe('ISO8583_SPEC_INVALID');
  });
});

describe('untrusted spec and XML input only throws CardwireError', () => {
  const onlyCardwire = (f: () => unknown): void => {
    try {
      f();
    } catch (e) {
      expect(isCardwireError(e)).toBe(true);
    }
  };
  fcTest.prop([fc.jsonValue()])('importSpec of any JSON value', (v) => {
    onlyCardwire(() => importSpec(JSON.stringify(v)));
    onlyCardwire(() => importSpec({ name: 'x', mti: { encoding: 'ascii' }, bitmap: { encoding: 'hex' }, fields: { '2': v } } as never));
  });
  const xmlish = fc.string({ unit: fc.constantFrom('<', '>', '/', '=', '"', "'", ' ', 'a', 'id', '&', ';', '!', '-', '?', 'isofield', 'isopackager', 'class', '0', '1') });
  fcTest.prop([xmlish])('parseXml and importJposPackager of XML-like text', (text) => {
    onlyCardwire(() => importJposPackager(text));
  });
  fcTest.prop([fc.nat({ max: 2000 }), fc.string({ maxLength: 3 })])('mutations of a real packager', (at, insert) => {
    const base = xml('postilion-like.xml');
    const i = at % base.length;
    onlyCardwire(() => importJposPackager(base.slice(0, i) + insert + base.slice(i + 1)));
  });
});

fcTest.prop([fc.jsonValue(), fc.constantFrom('mti', 'bitmap', 'header', 'fields', 'field', 'prefix', 'composite', 'byMti', 'sub')])(
  'compileMessageSpec of specs with any JSON in one slot only throws CardwireError',
  (v, slot) => {
    const field: Record<string, unknown> = { type: 'b', length: 20, encoding: 'binary', prefix: { encoding: 'ascii', digits: 2 } };
    if (slot === 'prefix' || slot === 'composite' || slot === 'byMti') field[slot] = v;
    if (slot === 'sub') field['composite'] = { kind: 'positional', fields: { '1': v } };
    const spec: Record<string, unknown> = { name: 'x', mti: { encoding: 'ascii' }, bitmap: { encoding: 'hex' }, fields: { '2': slot === 'field' ? v : field } };
    if (slot === 'mti' || slot === 'bitmap' || slot === 'header' || slot === 'fields') spec[slot] = v;
    try {
      compileMessageSpec(spec as never);
    } catch (e) {
      expect(isCardwireError(e)).toBe(true);
    }
  },
);

test('a bitmap class on field 65 makes the bitmap tertiary', () => {
  const spec = importJposPackager(
    '<isopackager><isofield id="0" length="4" class="org.jpos.iso.IFA_NUMERIC"/><isofield id="1" length="16" class="org.jpos.iso.IFB_BITMAP"/>' +
      '<isofield id="65" length="8" class="org.jpos.iso.IFB_BITMAP"/><isofield id="130" length="2" class="org.jpos.iso.IFA_NUMERIC"/></isopackager>',
  );
  expect(spec.bitmap).toEqual({ encoding: 'binary', tertiary: true });
  expect(compileMessageSpec(spec).unpack(compileMessageSpec(spec).create('0200').set(130, '42').pack()).get(130)).toBe('42');
});
