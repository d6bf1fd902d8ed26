// jPOS GenericPackager import of an EBCDIC packager (fixtures/iso8583/jpos/ebcdic-emv.xml, our
// own): IFE_BITMAP carries the bitmap as EBCDIC hex characters, and DE 55 goes through the
// BER-TLV packager (BERTLVBinaryPackager) with tag order kept and tags addressable by path.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { hex, toHex } from '../../src/core/index';
import { compileMessageSpec, importJposPackager, type TlvValueNode } from '../../src/iso8583/index';
import { caught } from '../helpers/caught';

const xml = readFileSync(new URL('../../fixtures/iso8583/jpos/ebcdic-emv.xml', import.meta.url), 'utf8');
const spec = importJposPackager(xml, { name: 'ebcdic-emv' });
const codec = compileMessageSpec(spec);


// source: EMV Book 3 Annex A for the tags (9F26 Application Cryptogram b8, 82 Application
// Interchange Profile b2, 9F27 Cryptogram Information Data b1); values constructed. The order is
// deliberately not ascending (82 between two 9F tags) so that a sorted re-encoding would show.
const ICC: TlvValueNode[] = [
  { tag: '9F26', value: hex('1122334455667788') },
  { tag: '82', value: hex('3900') },
  { tag: '9F27', value: hex('80') },
];
const ICC_HEX = '9F26081122334455667788' + '82023900' + '9F270180';

// Expected wire bytes, written out by hand. source: IBM code page 037 (digits F0-F9, A C1,
// E C5, M D4, R D9, T E3) for the EBCDIC; ISO 8583:1987 §4.2 for the bitmap bits.
const MTI = 'F0F2F0F0'; // '0200'
// Fields 2, 3, 4 | 9, 11 | 41 | 55 → bitmap 70 A0 00 00 00 80 02 00 → the 16 characters
// '70A0000000800200', each one EBCDIC byte: '7' F7, '0' F0, 'A' C1, '8' F8, '2' F2.
const BITMAP = 'F7F0' + 'C1F0' + 'F0F0' + 'F0F0' + 'F0F0' + 'F8F0' + 'F0F2' + 'F0F0';
const DE2 = 'F1F6' + 'F4F7F6F1F7F3F9F0F0F1F0F1F0F0F1F0'; // LL '16' + 4761739001010010
const DE3 = 'F0F0F0F0F0F0';
const DE4 = 'F0F0F0F0F0F0F0F0F1F0F0F0'; // 000000001000
const DE9 = 'F6F1F0F0F0F0F0F0'; // 61000000
const DE11 = 'F0F0F0F1F2F3'; // 000123
const DE41 = 'E3C5D9D4F0F0F0F1'; // TERM0001
const DE55 = 'F0F1F9' + ICC_HEX; // LLL '019' in EBCDIC, then 19 bytes of BER-TLV
const PACKED = MTI + BITMAP + DE2 + DE3 + DE4 + DE9 + DE11 + DE41 + DE55;

function build() {
  return codec
    .create('0200')
    .set(2, '4761739001010010')
    .set(3, '000000')
    .set(4, '000000001000')
    .set(9, '61000000')
    .set(11, '000123')
    .set(41, 'TERM0001')
    .set(55, ICC);
}

describe('jPOS import: IFE_BITMAP and a BER-TLV field packager', () => {
  test('the imported spec: EBCDIC MTI and bitmap, DE 55 as a BER-TLV composite', () => {
    expect(spec.mti).toEqual({ encoding: 'ebcdic' });
    expect(spec.bitmap).toEqual({ encoding: 'ebcdic', tertiary: false });
    expect(spec.fields['55']).toEqual({
      name: 'ICC data',
      type: 'b',
      length: 255,
      encoding: 'binary',
      prefix: { encoding: 'ebcdic', digits: 3, counts: 'bytes' },
      composite: { kind: 'ber-tlv' },
    });
    expect(codec.field(55)?.kind).toBe('ber-tlv');
  });

  test('packs to the exact bytes; the bitmap is EBCDIC hex', () => {
    const bytes = build().pack();
    expect(toHex(bytes)).toBe(PACKED);
    // Bitmap characters: bytes 4..19. '7' is F7 (not ASCII 37), 'A' is C1 (not ASCII 41).
    expect(toHex(bytes.subarray(4, 20))).toBe('F7F0C1F0F0F0F0F0F0F0F8F0F0F2F0F0');
    expect(bytes[4]).toBe(0xf7);
    expect(bytes[6]).toBe(0xc1);
  });

  test('a secondary bitmap is EBCDIC hex too', () => {
    // 0800 with 11 and 70: primary 80 20 00… (bit 1 announces the secondary), secondary 04 00 00…
    const bytes = codec.create('0800').set(11, '000001').set(70, '301').pack();
    expect(toHex(bytes)).toBe('F0F8F0F0' + 'F8F0F2F0' + 'F0'.repeat(12) + 'F0F4' + 'F0'.repeat(14) + 'F0F0F0F0F0F1' + 'F3F0F1');
    expect(codec.unpack(bytes).get(70)).toBe('301');
  });

  test('DE 55 round-trips with its tag order, and 55.9F26 is addressable', () => {
    const back = codec.unpack(hex(PACKED));
    expect(back.mti).toBe('0200');
    expect(back.fieldNumbers()).toEqual([2, 3, 4, 9, 11, 41, 55]);
    const nodes = back.get(55) as TlvValueNode[];
    expect(nodes.map((n) => n.tag)).toEqual(['9F26', '82', '9F27']);
    expect(nodes.map((n) => toHex(n.value!))).toEqual(['1122334455667788', '3900', '80']);
    expect(toHex(back.getBytes('55.9F26')!)).toBe('1122334455667788');
    expect(toHex(back.getBytes('55.82')!)).toBe('3900');
    expect(back.get('41')).toBe('TERM0001');
    expect(toHex(back.pack())).toBe(PACKED);
    // JSON keeps the order too: an object would list "82" first, so DE 55 becomes a list.
    expect(back.toJSON({ reveal: true }).fields['55']).toEqual([{ '9F26': '1122334455667788' }, { '82': '3900' }, { '9F27': '80' }]);
  });

  test('setting 55.9F26 by path replaces it in place', () => {
    const m = codec.unpack(hex(PACKED)).set('55.9F26', hex('0102030405060708'));
    expect((m.get(55) as TlvValueNode[]).map((n) => n.tag)).toEqual(['9F26', '82', '9F27']);
    expect(toHex(m.pack())).toBe(PACKED.replace('1122334455667788', '0102030405060708'));
    // A new tag is appended after the others; 19 + 5 bytes: the EBCDIC length becomes '024'.
    const more = toHex(m.set('55.9F36', hex('0001')).pack());
    const tail = 'F0F2F4' + '9F26080102030405060708' + '82023900' + '9F270180' + '9F36020001';
    expect(more.slice(-tail.length)).toBe(tail);
  });

  test('decode errors: a non-hex bitmap character, a TLV cut short inside DE 55', () => {
    // ':' (EBCDIC 7A) as the third bitmap character, at byte 4 + 2.
    const badBitmap = hex(PACKED);
    badBitmap[6] = 0x7a;
    expect(caught(() => codec.unpack(badBitmap))).toEqual({ code: 'ISO8583_BITMAP_INVALID', path: 'bitmap', offset: 6 });
    // DE 55 holding '9F2608' and two value bytes: the LLL says 5, 9F26 says 8.
    const head = MTI + BITMAP + DE2 + DE3 + DE4 + DE9 + DE11 + DE41;
    const shortTlv = hex(head + 'F0F0F5' + '9F26081122');
    // 4 + 16 + 18 + 6 + 12 + 8 + 6 + 8 = 78 bytes before DE 55, its length 3 more: the tag is at 81.
    expect(caught(() => codec.unpack(shortTlv))).toEqual({ code: 'TLV_TRUNCATED', path: 'DE55.9F26', offset: 81 });
  });
});

test('BERTLVAsciiHexPackager carries DE 55 as ASCII hex', () => {
  const s = importJposPackager(
    '<isopackager><isofield id="0" length="4" class="org.jpos.iso.IFA_NUMERIC"/><isofield id="1" length="16" class="org.jpos.iso.IFA_BITMAP"/>' +
      '<isofieldpackager id="55" length="255" class="org.jpos.iso.IFA_LLLBINARY" packager="org.jpos.tlv.packager.bertlv.BERTLVAsciiHexPackager"/></isopackager>',
  );
  expect(s.fields['55']).toMatchObject({ type: 'b', encoding: 'hex', composite: { kind: 'ber-tlv' } });
  const c = compileMessageSpec(s);
  const bytes = c.create('0200').set(55, ICC).pack();
  // '0200', hex bitmap naming field 55 only, LLL '019' (bytes), then the 19 bytes as 38 hex characters.
  expect(new TextDecoder().decode(bytes)).toBe('0200' + '0000000000000200' + '019' + ICC_HEX);
  expect((c.unpack(bytes).get(55) as TlvValueNode[]).map((n) => n.tag)).toEqual(['9F26', '82', '9F27']);
});
