// Message API: set/get/has/unset by number and path, validation on set, MTI helpers, unpack
// errors with path/offset/partial, trailing bytes, byte ranges, masking in describe()/toJSON().
import { inspect } from 'node:util';
import { describe, expect, test } from 'vitest';
import { fc, test as ftest } from '../helpers/prop.js';
import { hex, isCardwireError, toHex } from '../../src/core/index';
import {
  adviceMti,
  compileMessageSpec,
  dialect,
  isResponseMti,
  messageFromJson,
  mtiClass,
  mtiFunction,
  mtiOrigin,
  mtiVersion,
  repeatMti,
  responseMti,
  reversalMti,
  type IsoMessage,
} from '../../src/iso8583/index';

function caught(f: () => unknown): { code: string; path: string; offset: number | undefined; partial: unknown } {
  try {
    f();
  } catch (e) {
    if (isCardwireError(e)) return { code: e.code, path: e.path, offset: e.offset, partial: e.partial };
    throw e;
  }
  throw new Error('expected an error');
}

const ascii = dialect('iso87ascii').codec;
const cup = dialect('cup').codec;
const postilion = dialect('postilion').codec;

describe('MTI helpers (ISO 8583-1:2003 §5.3.2)', () => {
  test.each([
    ['0200', '1987', 'financial', 'request', 'acquirer'],
    ['0210', '1987', 'financial', 'request-response', 'acquirer'],
    ['1100', '1993', 'authorization', 'request', 'acquirer'],
    ['0421', '1987', 'reversal', 'advice', 'acquirer-repeat'],
    ['0800', '1987', 'network-management', 'request', 'acquirer'],
  ])('%s', (mti, version, cls, fn, origin) => {
    expect([mtiVersion(mti), mtiClass(mti), mtiFunction(mti), mtiOrigin(mti)]).toEqual([version, cls, fn, origin]);
  });
  test('derived MTIs', () => {
    expect(responseMti('0200')).toBe('0210');
    expect(responseMti('0420')).toBe('0430');
    expect(repeatMti('0200')).toBe('0201');
    expect(adviceMti('0100')).toBe('0120');
    expect(reversalMti('0200')).toBe('0400');
    expect(reversalMti('0100', { advice: true })).toBe('0420');
    expect(isResponseMti('0810')).toBe(true);
    expect(caught(() => responseMti('0210')).code).toBe('ISO8583_MTI_INVALID');
    expect(caught(() => mtiClass('02X0')).code).toBe('ISO8583_MTI_INVALID');
  });
});

describe('set, get, has, unset', () => {
  test('by number, with validation on set', () => {
    const m = ascii.create('0200').set(3, '000000').set(11, '000001');
    expect(m.get(3)).toBe('000000');
    expect(m.has(11)).toBe(true);
    expect(m.fieldNumbers()).toEqual([3, 11]);
    m.unset(3);
    expect(m.has(3)).toBe(false);
    expect(caught(() => m.set(3, '12345')).code).toBe('ISO8583_FIELD_LENGTH_MISMATCH');
    expect(caught(() => m.set(4, '00000000100A'))).toMatchObject({ code: 'ISO8583_FIELD_INVALID_CHARACTER', path: 'DE4', offset: 11 });
    expect(caught(() => m.set(52, 'not bytes')).code).toBe('ISO8583_FIELD_VALUE_TYPE');
    expect(caught(() => m.set(200, 'x')).code).toBe('ISO8583_PATH_INVALID');
    expect(caught(() => m.set('3.1', 'x')).code).toBe('ISO8583_FIELD_NOT_IN_SPEC');
    expect(caught(() => (m.mti = '02A0')).code).toBe('ISO8583_MTI_INVALID');
  });
  test('positional sub-fields by path (UnionPay 60.x)', () => {
    const m = cup.create('0200').set('60.1', '22').set('60.2', '000049').set('60.3', '000');
    expect(m.get(60)).toEqual({ '1': '22', '2': '000049', '3': '000' });
    expect(m.get('60.2')).toBe('000049');
    m.unset('60.3');
    expect(m.has('60.3')).toBe(false);
    // A short sub-field is fine while it is the last one present (UnionPay sends '00000001003')…
    m.set('60.2', '49');
    expect(cup.unpack(m.pack()).get(60)).toEqual({ '1': '22', '2': '49' });
    // …but not once a later one follows it; too long or a bad character fails at once.
    m.set('60.3', '000');
    expect(caught(() => m.pack())).toMatchObject({ code: 'ISO8583_FIELD_LENGTH_MISMATCH', path: 'DE60.2' });
    expect(caught(() => m.set('60.2', '1234567')).code).toBe('ISO8583_FIELD_TOO_LONG');
    expect(caught(() => m.set('60.2', '0000A1')).code).toBe('ISO8583_FIELD_INVALID_CHARACTER');
    m.set('60.2', '000049');
    expect(caught(() => m.set(60, { '1': '22', '3': '000' }))).toMatchObject({ code: 'ISO8583_FIELD_MISSING', path: 'DE60.2' });
  });
  test('sub-bitmapped sub-fields by path (Postilion 127.25.x)', () => {
    const m = postilion.create('0200').set(3, '000000').set('127.2', 'SWITCHKEY1').set('127.25.12', '1122334455667788').set('127.25.26', '840');
    const back = postilion.unpack(m.pack());
    expect(back.get('127.25.12')).toBe('1122334455667788');
    expect(back.get('127.2')).toBe('SWITCHKEY1');
    expect(back.get(127)).toEqual({ '2': 'SWITCHKEY1', '25': { '12': '1122334455667788', '26': '840' } });
    // 127.25 is EMV data: masked like DE 55 by default, its sub-field numbers kept.
    expect(back.toJSON().fields['127']).toEqual({ '2': 'SWITCHKEY1', '25': { '12': '*'.repeat(16), '26': '***' } });
    expect(back.describe()).not.toContain('1122334455667788');
    expect(back.toJSON({ reveal: true }).fields['127']).toEqual({ '2': 'SWITCHKEY1', '25': { '12': '1122334455667788', '26': '840' } });
  });
  test('BER-TLV tags by path (DE 55), order and repeats kept', () => {
    const m = cup.create('0200').set('55.9F26', hex('1122334455667788')).set('55.9F27', hex('80')).set('55.9F26', hex('0000000000000001'));
    expect(toHex(m.getBytes('55.9F26')!)).toBe('0000000000000001');
    const nodes = [
      { tag: '9F36', value: hex('0001') },
      { tag: '9F36', value: hex('0002') },
    ];
    m.set(55, nodes);
    const back = cup.unpack(m.pack());
    expect((back.get(55) as { tag: string }[]).map((n) => n.tag)).toEqual(['9F36', '9F36']);
    m.unset('55.9F36');
    expect(m.get(55)).toEqual([]);
  });
  test('per-MTI layout: UnionPay 62 is text in 0800 and bytes in 0810', () => {
    expect(() => cup.create('0800').set(62, 'Sequence No12345')).not.toThrow();
    expect(caught(() => cup.create('0810').set(62, 'Sequence No12345')).code).toBe('ISO8583_FIELD_VALUE_TYPE');
    expect(() => cup.create('0810').set(62, hex('00112233'))).not.toThrow();
  });
  test('header parts (UnionPay TPDU and header), with defaults', () => {
    const m = cup.create('0800').set(11, '000001');
    expect(toHex(m.getHeader('tpdu') as Uint8Array)).toBe('6000000000');
    m.setHeader('tpdu', hex('6000030000'));
    expect(toHex(m.pack()).slice(0, 10)).toBe('6000030000');
    expect(caught(() => m.setHeader('tpdu', hex('60'))).code).toBe('ISO8583_FIELD_LENGTH_MISMATCH');
  });
});

describe('unpack errors', () => {
  const good = ascii.create('0200').set(2, '4761739001010010').set(3, '000000').set(4, '000000001000').pack();
  test('truncated input: path, offset and the fields parsed so far', () => {
    const e = caught(() => ascii.unpack(good.subarray(0, good.length - 3)));
    expect(e).toMatchObject({ code: 'ISO8583_TRUNCATED', path: 'DE4', offset: good.length - 12 });
    expect((e.partial as IsoMessage).fieldNumbers()).toEqual([2, 3]);
  });
  test('trailing bytes are an error unless allowed', () => {
    const longer = new Uint8Array([...good, 0x30]);
    expect(caught(() => ascii.unpack(longer))).toMatchObject({ code: 'ISO8583_TRAILING_BYTES', offset: good.length });
    expect(ascii.unpack(longer, { allowTrailing: true }).consumed).toBe(good.length);
  });
  test('a bitmap naming a field the spec lacks', () => {
    // Field 65 (first bit of the secondary bitmap) is not in the 1987 table.
    const bytes = hex(`30323030${toHex(new TextEncoder().encode('80000000000000008000000000000000'))}`);
    expect(caught(() => ascii.unpack(bytes))).toMatchObject({ code: 'ISO8583_FIELD_NOT_IN_SPEC', path: 'DE65', offset: 36 });
    const bad = hex(`30323030${toHex(new TextEncoder().encode('40000000000000G0'))}`);
    expect(caught(() => ascii.unpack(bad))).toMatchObject({ code: 'ISO8583_BITMAP_INVALID', offset: 18 });
  });
  test('a non-digit MTI', () => {
    expect(caught(() => ascii.unpack(hex('30324130')))).toMatchObject({ code: 'ISO8583_MTI_INVALID', offset: 2 });
  });
});

test('byte ranges of an unpacked message', () => {
  const m = ascii.unpack(ascii.create('0800').set(11, '000001').set(70, '301').pack());
  expect(m.byteRanges()).toEqual([
    { path: 'mti', start: 0, end: 4 },
    { path: 'bitmap', start: 4, end: 36 },
    { path: '11', start: 36, end: 42 },
    { path: '70', start: 42, end: 45 },
  ]);
});

describe('describe() and toJSON() mask by default', () => {
  const m = cup
    .create('0200')
    .set(2, '6212345678901234567')
    .set(35, '6212345678901234567D30122011234567890')
    .set(52, hex('0123456789ABCDEF'))
    .set('55.9F26', hex('1122334455667788'))
    .set(11, '000200');
  test('toJSON', () => {
    expect(m.toJSON().fields).toEqual({
      // core maskPan keeps at most half of a short PAN visible: 5 + 4 of 19 digits.
      '2': '621234*********4567',
      '11': '000200',
      '35': '621234*********4567D*****************',
      '52': '****************',
      '55': { '9F26': '****************' },
    });
    expect(m.toJSON({ reveal: true }).fields['55']).toEqual({ '9F26': '1122334455667788' });
  });
  test('describe and inspect never show the PAN or the PIN block', () => {
    for (const text of [m.describe(), inspect(m)]) {
      expect(text).not.toContain('6212345678901234567');
      expect(text).not.toContain('0123456789ABCDEF');
      expect(text).not.toContain('1122334455667788');
      expect(text).toContain('9F26 Application Cryptogram (8 bytes)');
    }
    expect(m.describe({ reveal: true })).toContain('6212345678901234567');
  });
  test('messageFromJson inverts toJSON({ reveal: true })', () => {
    const back = messageFromJson(cup, m.toJSON({ reveal: true }));
    expect(toHex(back.pack())).toBe(toHex(m.pack()));
  });
});

test('a custom spec with a header, an EBCDIC MTI and a DE 48 TLV composite', () => {
  const codec = compileMessageSpec({
    name: 'custom',
    header: [{ id: 'h', spec: { type: 'ans', length: 4, encoding: 'ascii' }, default: 'ISO1' }],
    mti: { encoding: 'ebcdic' },
    bitmap: { encoding: 'ebcdic' },
    fields: {
      '48': { type: 'ans', length: 999, encoding: 'ascii', prefix: { encoding: 'ascii', digits: 3 }, composite: { kind: 'tlv', tagLength: 2, lengthDigits: 2 } },
    },
  });
  const m = codec.create('0100').set('48.01', 'ABC').set('48.10', 'X');
  // header 'ISO1', MTI F0F1F0F0, bitmap 16 EBCDIC hex digits of 0000000000010000, field 48: '012' + '0103ABC' + '1001X'
  expect(toHex(m.pack())).toBe(`49534F31F0F1F0F0${'F0'.repeat(11)}F1${'F0'.repeat(4)}303132${'30313033414243'}${'3130303158'}`);
  expect(codec.unpack(m.pack()).get('48.10')).toBe('X');
});

test('DE 55 given as raw bytes is read into tags', () => {
  const m = cup.create('0200').set(55, hex('9F2608112233445566778895050000000800'));
  expect(toHex(m.getBytes('55.95')!)).toBe('0000000800');
  expect(toHex(cup.unpack(m.pack()).getBytes('55.9F26')!)).toBe('1122334455667788');
  expect(caught(() => cup.create('0200').set(55, hex('9F2608AA')))).toMatchObject({ code: 'TLV_TRUNCATED', path: 'DE55.9F26' });
  // The message keeps its own copy: reusing the caller's buffer changes nothing.
  const raw = hex('9F26081122334455667788');
  const n = cup.create('0200').set(55, raw);
  raw.fill(0);
  expect(toHex(n.getBytes('55.9F26')!)).toBe('1122334455667788');
});

test('a 999999-byte length prefix over a short input fails before reading (no allocation)', () => {
  // Postilion 127 is LLLLLL: '999999' and then four bytes.
  const head = postilion.create('0200').set(3, '000000').set('127.2', 'K').pack();
  const bytes = new Uint8Array(head.length);
  bytes.set(head);
  const at = head.length - 1 - 2 - 8 - 6; // 127 prefix: 6 digits, then 8-byte sub-bitmap, '01', 'K'
  bytes.set(new TextEncoder().encode('999999'), at);
  expect(caught(() => postilion.unpack(bytes))).toMatchObject({ code: 'ISO8583_TRUNCATED', path: 'DE127', offset: at + 6 });
});

test('packInto writes the same bytes into a caller buffer', () => {
  const m = ascii.create('0800').set(11, '000001').set(70, '301');
  const target = new Uint8Array(64).fill(0xee);
  const n = ascii.packInto(m, target, 2);
  expect(toHex(target.subarray(2, 2 + n))).toBe(toHex(m.pack()));
  expect(target[1]).toBe(0xee);
  expect(caught(() => ascii.packInto(m, new Uint8Array(10))).code).toBe('INVALID_ARGUMENT');
});

describe('offsets inside composite values point into the input', () => {
  test('DE 48 TLV with a bad length character', () => {
    const codec = compileMessageSpec({
      name: 'tlv',
      mti: { encoding: 'ascii' },
      bitmap: { encoding: 'binary' },
      fields: { '48': { type: 'ans', length: 999, encoding: 'ascii', prefix: { encoding: 'ascii', digits: 3 }, composite: { kind: 'tlv', tagLength: 2, lengthDigits: 2 } } },
    });
    // MTI (4) + bitmap (8) + '012' + '01' '0X' …: the X is byte 4 + 8 + 3 + 2 + 1 = 18.
    const bytes = new Uint8Array([...new TextEncoder().encode('0100'), 0, 0, 0, 0, 0, 1, 0, 0, ...new TextEncoder().encode('012010XABC1001X')]);
    expect(caught(() => codec.unpack(bytes))).toMatchObject({ code: 'ISO8583_TLV_INVALID', path: 'DE48.01', offset: 18 });
  });
  test('DE 55 carried as ASCII hex: a TLV error maps to its hex characters', () => {
    // 0200, hex bitmap naming field 55 only, LLL '003' (bytes), hex '9F2608' (a 9F26 with 8 bytes missing).
    const text = `0200${'0000000000000200'}003${'9F2608'}`;
    expect(caught(() => ascii.unpack(new TextEncoder().encode(text)))).toMatchObject({ code: 'TLV_TRUNCATED', path: 'DE55.9F26', offset: 23 });
  });
});

test('a tertiary bitmap: bit 65 announces fields 129-192', () => {
  const codec = compileMessageSpec({
    name: 'tertiary',
    mti: { encoding: 'ascii' },
    bitmap: { encoding: 'binary', tertiary: true },
    fields: { '3': { type: 'n', length: 6, encoding: 'ascii' }, '130': { type: 'n', length: 2, encoding: 'ascii' } },
  });
  const bytes = codec.create('0200').set(3, '000000').set(130, '42').pack();
  // ISO 8583:1987 §4.2: bit 1 → secondary present, secondary bit 1 (field 65) → tertiary present, tertiary bit 2 → field 130.
  expect(toHex(bytes)).toBe(`30323030${'A000000000000000'}${'8000000000000000'}${'4000000000000000'}303030303030${'3432'}`);
  expect(codec.unpack(bytes).get(130)).toBe('42');
  expect(caught(() => codec.create('0200').set(65, 'x')).code).toBe('ISO8583_FIELD_NOT_IN_SPEC');
});

test('a BER-TLV path needs a valid tag', () => {
  expect(caught(() => cup.create('0200').set('55.ZZ', hex('00'))).code).toBe('TLV_INVALID_TAG');
});

// set/unset in any order keep the fields ascending and each value with its number: a model check.
ftest.prop([fc.array(fc.tuple(fc.constantFrom(3, 4, 7, 11, 12, 13, 37, 41, 49, 70), fc.boolean(), fc.integer({ min: 0, max: 999 })), { maxLength: 40 })])(
  'fields stay ascending and aligned with their values through set and unset',
  (ops) => {
    const codec = dialect('iso87ascii').codec;
    const m = codec.create('0200');
    const model = new Map<number, string>();
    const width: Record<number, number> = { 3: 6, 4: 12, 7: 10, 11: 6, 12: 6, 13: 4, 37: 12, 41: 8, 49: 3, 70: 3 };
    for (const [n, isSet, x] of ops) {
      if (isSet) {
        const v = String(x).padStart(width[n]!, '0');
        m.set(n, v);
        model.set(n, v);
      } else {
        m.unset(n);
        model.delete(n);
      }
    }
    const want = [...model.keys()].sort((a, b) => a - b);
    expect(m.fieldNumbers()).toEqual(want);
    for (const n of want) expect(m.get(n)).toBe(model.get(n));
    expect(codec.unpack(m.pack()).fieldNumbers()).toEqual(want);
  },
);
