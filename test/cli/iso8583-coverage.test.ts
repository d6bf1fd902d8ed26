// `cardwire iso8583 decode --spec FILE` with a JSON spec written by exportSpec, and
// `cardwire iso8583 encode -` reading JSON lines from standard input (a bad line prints
// {"error":{…}} and the run goes on).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { main } from '../../src/cli/main';
import { exportSpec, type MessageSpec } from '../../src/iso8583/index';
import { captureIo } from './io';

// A small custom layout (constructed), so that decoding through it differs visibly from the
// default dialect: DE 48 is a TLV composite (n2 tags, n2 lengths) here, plain text in iso87ascii.
const SPEC: MessageSpec = {
  name: 'cli-custom',
  mti: { encoding: 'ascii' },
  bitmap: { encoding: 'hex' },
  fields: {
    '11': { name: 'STAN', type: 'n', length: 6, encoding: 'ascii' },
    '41': { name: 'Terminal id', type: 'ans', length: 8, encoding: 'ascii' },
    '48': { name: 'Additional data', type: 'ans', length: 999, encoding: 'ascii', prefix: { encoding: 'ascii', digits: 3 }, composite: { kind: 'tlv', tagLength: 2, lengthDigits: 2 } },
  },
};

const dir = mkdtempSync(join(tmpdir(), 'cardwire-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const specFile = join(dir, 'spec.json');
writeFileSync(specFile, exportSpec(SPEC));
const badSpecFile = join(dir, 'bad.json');
writeFileSync(badSpecFile, '{"name":"x",');

const asHex = (text: string): string => Buffer.from(text, 'latin1').toString('hex').toUpperCase();

// 0800 with fields 11, 41 and 48. Bitmap (ISO 8583:1987 §4.2): bit 11 → byte 1 = 20, bits 41 and
// 48 → byte 5 = 81: '0020000000810000'. DE 48: LLL '007', tag '01', length '03', 'ABC'.
const MSG_TEXT = '0800' + '0020000000810000' + '000001' + 'TERM0001' + '007' + '0103ABC';
const MSG_JSON = { mti: '0800', fields: { '11': '000001', '41': 'TERM0001', '48': { '01': 'ABC' } } };

async function run(argv: string[], stdin = '') {
  const io = captureIo(stdin);
  const code = await main(argv, io);
  return { code, out: io.stdout, err: io.stderr };
}

describe('cardwire iso8583 decode --spec FILE', () => {
  test('decodes with the exported JSON spec', async () => {
    const r = await run(['iso8583', 'decode', '--spec', specFile, '--json', asHex(MSG_TEXT)]);
    expect(r.code).toBe(0);
    expect(r.out).toHaveLength(1);
    expect(JSON.parse(r.out[0]!)).toEqual(MSG_JSON);
  });
  test('the default dialect reads the same bytes differently (the spec file was used)', async () => {
    const r = await run(['iso8583', 'decode', '--json', asHex(MSG_TEXT)]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out[0]!)).toEqual({ mti: '0800', fields: { '11': '000001', '41': 'TERM0001', '48': '0103ABC' } });
  });
  test('describe output names the spec and its sub-fields', async () => {
    const r = await run(['iso8583', 'decode', '--spec', specFile, asHex(MSG_TEXT)]);
    expect(r.code).toBe(0);
    const lines = r.out[0]!.split('\n');
    expect(lines[0]).toBe('cli-custom message');
    expect(lines.some((l) => /^DE48 +Additional data$/.test(l))).toBe(true);
    expect(lines.some((l) => /^ {2}DE48\.01 +ABC$/.test(l))).toBe(true);
  });
  test('a spec file that is not JSON, and two layouts at once, are errors', async () => {
    const bad = await run(['iso8583', 'decode', '--spec', badSpecFile, '--json', asHex(MSG_TEXT)]);
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.out[0]!)).toEqual({ error: { code: 'ISO8583_SPEC_INVALID', path: '', offset: null, message: expect.any(String) } });
    const both = await run(['iso8583', 'decode', '--spec', specFile, '--dialect', 'cup', '--json', asHex(MSG_TEXT)]);
    expect(both.code).toBe(2);
    expect(both.err[0]).toBe('error: give one of --dialect, --spec and --jpos\n');
  });
});

describe('cardwire iso8583 encode -', () => {
  // 0810 with 11 and 48 (bitmap '0020000000010000'); DE 48 tags packed ascending: '02' then '10'.
  const SECOND_JSON = { mti: '0810', fields: { '11': '000002', '48': { '10': 'X', '02': 'YZ' } } };
  const SECOND_TEXT = '0810' + '0020000000010000' + '000002' + '011' + '0202YZ' + '1001X';

  test('one hex line per message; bad lines print an error object and the run goes on', async () => {
    const stdin = [
      JSON.stringify(MSG_JSON),
      'not json',
      JSON.stringify({ mti: '0800', fields: { '11': '12345' } }),
      '',
      JSON.stringify(SECOND_JSON),
      JSON.stringify({ mti: '0800', fields: { '99': '1' } }),
      '   ',
    ].join('\n');
    const r = await run(['iso8583', 'encode', '--spec', specFile, '-'], stdin);
    expect(r.code).toBe(1);
    expect(r.out).toHaveLength(5);
    expect(r.out[0]).toBe(asHex(MSG_TEXT));
    expect(JSON.parse(r.out[1]!)).toEqual({ error: { code: 'INVALID_ARGUMENT', path: 'input', offset: null, message: expect.any(String) } });
    expect(JSON.parse(r.out[2]!)).toEqual({ error: { code: 'ISO8583_FIELD_LENGTH_MISMATCH', path: 'DE11', offset: null, message: expect.any(String) } });
    expect(r.out[3]).toBe(asHex(SECOND_TEXT));
    expect(JSON.parse(r.out[4]!)).toEqual({ error: { code: 'ISO8583_FIELD_NOT_IN_SPEC', path: 'DE99', offset: null, message: expect.any(String) } });
    expect(r.err).toEqual([]);
  });
  test('all lines good: exit code 0, CRLF line ends accepted, and decode - reads them back', async () => {
    const r = await run(['iso8583', 'encode', '--spec', specFile, '-'], `${JSON.stringify(MSG_JSON)}\r\n${JSON.stringify(SECOND_JSON)}\r\n`);
    expect(r.code).toBe(0);
    expect(r.out).toEqual([asHex(MSG_TEXT), asHex(SECOND_TEXT)]);
    const back = await run(['iso8583', 'decode', '--spec', specFile, '--json', '-'], r.out.join('\n'));
    expect(back.code).toBe(0);
    expect(back.out.map((l) => JSON.parse(l))).toEqual([MSG_JSON, { mti: '0810', fields: { '11': '000002', '48': { '02': 'YZ', '10': 'X' } } }]);
  });
  test('with the default dialect and a frame', async () => {
    // iso87ascii 0800 with 11 and 70: '0800' + '8020000000000000' + '0400000000000000' + '000001' + '301'
    // (ISO 8583:1987 §4.2: bit 1 announces the secondary bitmap, bit 70 is its 6th bit). 2B frame: 0x002D = 45 bytes.
    const r = await run(['iso8583', 'encode', '--frame', '2B', '-'], JSON.stringify({ mti: '0800', fields: { '11': '000001', '70': '301' } }));
    expect(r.code).toBe(0);
    expect(r.out).toEqual(['002D' + asHex('0800' + '8020000000000000' + '0400000000000000' + '000001' + '301')]);
  });
});
