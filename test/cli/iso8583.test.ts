// `cardwire iso8583 …` through main() with a capturing io.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { main } from '../../src/cli/main';
import type { CliIo } from '../../src/cli/command';

function run(argv: string[], stdin = ''): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (l) => out.push(l), err: (l) => err.push(l), readStdin: async () => stdin };
  return main(argv, io).then((code) => ({ code, out, err }));
}

const vectors = JSON.parse(readFileSync(new URL('../../fixtures/iso8583/messages.json', import.meta.url), 'utf8')) as { dialect: string; hex: string }[];
const cupHex = vectors.find((v) => v.dialect === 'cup')!.hex;
const asciiHex = vectors.find((v) => v.dialect === 'iso87ascii')!.hex;

describe('cardwire iso8583', () => {
  test('decode --json masks unless --reveal', async () => {
    const masked = await run(['iso8583', 'decode', '--dialect', 'cup', '--json', cupHex]);
    expect(masked.code).toBe(0);
    const j = JSON.parse(masked.out[0]!) as { mti: string; fields: Record<string, unknown> };
    expect(j.mti).toBe('0200');
    expect(j.fields['2']).toBe('621234*********4567');
    expect(j.fields['55']).toEqual({ '9F26': '****************', '9F27': '**', '9F10': '*'.repeat(38) });
    const clear = JSON.parse((await run(['iso8583', 'decode', '--dialect', 'cup', '--json', '--reveal', cupHex])).out[0]!) as typeof j;
    expect(clear.fields['2']).toBe('6212345678901234567');
    expect(clear.fields['55']).toEqual({ '9F26': '1122334455667788', '9F27': '80', '9F10': '07010103A0A802010A010000000000ABCDEF12' });
    expect(clear.fields['60']).toEqual({ '1': '22', '2': '000001', '3': '000', '4': '5', '5': '0', '6': '1' });
  });
  test('decode prints describe() by default', async () => {
    const r = await run(['iso8583', 'decode', '--dialect', 'cup', cupHex]);
    expect(r.code).toBe(0);
    expect(r.out[0]).toContain('DE55');
    expect(r.out[0]).not.toContain('6212345678901234567');
  });
  test('decode - reads one message per line and reports failing lines', async () => {
    const r = await run(['iso8583', 'decode', '--json', '-'], `${asciiHex}\n${asciiHex.slice(0, 40)}\n\n${asciiHex}\n`);
    expect(r.code).toBe(1);
    expect(r.out).toHaveLength(3);
    expect(JSON.parse(r.out[1]!)).toEqual({ error: { code: 'ISO8583_TRUNCATED', path: 'bitmap', offset: 20, message: expect.any(String) } });
    expect(JSON.parse(r.out[2]!).mti).toBe('0800');
  });
  test('encode is the inverse of decode --reveal --json, with a frame', async () => {
    const json = (await run(['iso8583', 'decode', '--dialect', 'cup', '--json', '--reveal', cupHex])).out[0]!;
    const r = await run(['iso8583', 'encode', '--dialect', 'cup', '--frame', '2B', json]);
    expect(r.code).toBe(0);
    expect(r.out[0]).toBe((cupHex.length / 2).toString(16).toUpperCase().padStart(4, '0') + cupHex);
    const back = await run(['iso8583', 'decode', '--dialect', 'cup', '--frame', '2B', '--json', '--reveal', r.out[0]!]);
    expect(back.out[0]).toBe(json);
  });
  test('--frame takes a transport frame spec: presets, tokens and their TPDU and header', async () => {
    const len = (cupHex.length / 2).toString(16).toUpperCase().padStart(4, '0');
    // The cup dialect's own header holds the TPDU and the 6-byte header: the unionpay frame
    // (2-byte length + TPDU + header) wraps the packed message as its payload.
    const framed = len + cupHex;
    for (const spec of ['unionpay', '2b+tpdu+h6', '2b']) {
      const r = await run(['iso8583', 'decode', '--dialect', 'cup', '--frame', spec, '--json', '--reveal', framed]);
      expect(r.code, spec).toBe(0);
      expect(JSON.parse(r.out[0]!).fields['2']).toBe('6212345678901234567');
    }
    // 4 ASCII digits in front of an ASCII 1987 message.
    const ascii4 = [...String(asciiHex.length / 2).padStart(4, '0')].map((c) => c.charCodeAt(0).toString(16)).join('').toUpperCase();
    const enc = await run(['iso8583', 'encode', '--frame', 'ascii4', '{"mti":"0800","fields":{"7":"1125123456","11":"000001","70":"301"}}']);
    expect(enc.out[0]).toBe(ascii4 + asciiHex);
    expect(JSON.parse((await run(['iso8583', 'decode', '--frame', '4a', '--json', ascii4 + asciiHex])).out[0]!).mti).toBe('0800');
    // BCD length: 2-byte BCD digits.
    const bcd = String(asciiHex.length / 2).padStart(4, '0');
    expect((await run(['iso8583', 'encode', '--frame', '2bcd', '{"mti":"0800","fields":{"7":"1125123456","11":"000001","70":"301"}}'])).out[0]).toBe(bcd + asciiHex);
  });
  test('--frame errors: a TPDU the dialect cannot carry, two frames, a bad spec', async () => {
    const json = '{"mti":"0800","fields":{"7":"1125123456","11":"000001","70":"301"}}';
    const noTpdu = await run(['iso8583', 'encode', '--frame', 'unionpay', json]);
    expect(noTpdu.code).toBe(1);
    expect(noTpdu.err.join('\n')).toContain('INVALID_ARGUMENT');
    const two = await run(['iso8583', 'decode', '--frame', 'ascii4', '--json', '30303034' + '30383030' + '30303034' + '30383030']);
    expect(JSON.parse(two.out[0]!).error).toMatchObject({ code: 'INVALID_ARGUMENT', path: 'frame' });
    const bad = await run(['iso8583', 'decode', '--frame', '5q', '--json', asciiHex]);
    expect(JSON.parse(bad.out[0]!).error).toMatchObject({ code: 'FRAME_SPEC_INVALID', path: 'frame' });
  });
  test('--jpos and --spec', async () => {
    const file = new URL('../../fixtures/iso8583/jpos/ascii87.xml', import.meta.url).pathname;
    const r = await run(['iso8583', 'decode', '--jpos', file, '--json', asciiHex]);
    expect(JSON.parse(r.out[0]!)).toEqual({ mti: '0800', fields: { '7': '1125123456', '11': '000001', '70': '301' } });
  });
  test('dialects', async () => {
    const r = await run(['iso8583', 'dialects', '--json']);
    expect((JSON.parse(r.out[0]!) as { name: string }[]).map((d) => d.name)).toContain('cup');
  });
  test('errors: unknown dialect, bad frame', async () => {
    const r = await run(['iso8583', 'decode', '--dialect', 'nope', '--json', asciiHex]);
    expect(r.code).toBe(2);
    expect(r.err[0]).toMatch(/^error: --dialect must be one of iso87ascii, .*, not 'nope'\n$/);
    expect(r.err[1]).toContain('Usage:\n  cardwire iso8583 decode');
    expect((await run(['iso8583', 'decode', '--frame', '2B', '--json', asciiHex])).code).toBe(1);
  });
});
