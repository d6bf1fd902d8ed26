import { afterAll, describe, expect, test } from 'vitest';
import { hex, toHex } from '../../src/core/index';
import { main } from '../../src/cli/main';
import type { CliIo } from '../../src/cli/command';
import { existsSync, readFileSync } from 'node:fs';
import { dialect } from '../../src/iso8583/index';
import { frameFromPayload, frameSpecs } from '../../src/transport/index';
import { TcpClient } from '../../src/transport/node/index';

afterAll(async () => {
  await new Promise((r) => setTimeout(r, 20));
  expect(process.getActiveResourcesInfo().filter((r) => r.startsWith('TCP'))).toEqual([]);
});

function capture(): CliIo & { lines: string[]; errors: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  return { lines, errors, out: (l) => lines.push(l), err: (l) => errors.push(l), readStdin: async () => '' };
}

// UnionPay vector from fixtures/transport/frames.json, then a 0200 whose tail carries a PAN.
const UNIONPAY = '001360000300006031003100010800002000000000';
const PAN_0200 = '0200' + '7024058000C08011' + '166225880123456789' + '000000';

describe('cardwire frame decode', () => {
  test('shows length, TPDU, UnionPay header and message', async () => {
    const io = capture();
    expect(await main(['frame', 'decode', '--frame', 'unionpay', UNIONPAY], io)).toBe(0);
    expect(io.lines.join('\n')).toBe(
      [
        'frame @0: 19 bytes, MTI 0800',
        '  TPDU     60 0003 0000   (id, destination, source)',
        '  header   603100310001   (UnionPay: application 60, version 31, status 0, processing 0, sub-version 310001)',
        '  message  0800002000000000',
      ].join('\n'),
    );
  });

  test('masks the message after the MTI and bitmap unless --reveal', async () => {
    const frame = toHex(new Uint8Array([0, PAN_0200.length / 2])) + PAN_0200;
    const io = capture();
    expect(await main(['frame', 'decode', '--frame', 'binary2', '--json', frame], io)).toBe(0);
    const out = JSON.parse(io.lines[0] ?? '{}');
    expect(out.frames[0].mti).toBe('0200');
    expect(out.frames[0].message).toBe('02007024058000C08011…[12 bytes masked]');
    expect(io.lines.join('')).not.toContain('6225880123456789');
    const shown = capture();
    await main(['frame', 'decode', '--frame', 'binary2', '--reveal', frame], shown);
    expect(shown.lines.join('\n')).toContain('6225880123456789');
  });

  test('errors have codes and offsets; --resync skips garbage', async () => {
    const io = capture();
    expect(await main(['frame', 'decode', '--frame', 'ascii4', '--json', '3030303230383030' + '41'], io)).toBe(1);
    const out = io.lines.map((l) => JSON.parse(l));
    expect(out[0].frames).toHaveLength(1);
    expect(out[1].error).toMatchObject({ code: 'FRAME_TRUNCATED', offset: 6 });
    const resync = capture();
    expect(await main(['frame', 'decode', '--frame', 'ascii4', '--resync', '41' + '30303032FFEE'], resync)).toBe(0);
    expect(resync.lines[0]).toBe('frame @1: 2 bytes');
    expect(resync.errors[0]).toContain('FRAME_LENGTH_INVALID');
    const bad = capture();
    expect(await main(['frame', 'decode', '--frame', '9z', '00'], bad)).toBe(1);
    expect(bad.errors[0]).toContain('FRAME_SPEC_INVALID');
  });
});

describe('cardwire listen', () => {
  test('prints what a terminal sends (masked) and answers it', async () => {
    const io = capture();
    const done = main(['listen', '--port', '0', '--count', '1'], io);
    for (let i = 0; i < 1000 && io.lines.length === 0; i++) await new Promise((r) => setTimeout(r, 5));
    const port = Number(/:(\d+) /.exec(io.lines[0] ?? '')?.[1]);
    const client = new TcpClient({ port, frame: frameSpecs.unionPay, key: () => 'one', reconnect: false });
    await client.connect();
    const response = await client.request({ tpdu: { id: 0x60, destination: 3, source: 0 }, header: hex('603100310001'), message: hex(PAN_0200) });
    await client.close();
    expect(await done).toBe(0);
    expect(toHex(response.message).slice(0, 4)).toBe('0210');
    expect(response.tpdu).toEqual({ id: 0x60, destination: 0, source: 3 });
    const printed = io.lines.join('\n');
    expect(printed).toContain('MTI 0200');
    expect(printed).toContain('TPDU     60 0003 0000');
    expect(printed).not.toContain('6225880123456789');
  });

  const file = new URL('../../fixtures/iso8583/messages.json', import.meta.url);
  const cup = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Array<{ dialect: string; hex: string }>).find((v) => v.dialect === 'cup') : undefined;

  test.skipIf(!cup)('frame decode --dialect cup shows the fields masked, in text and JSON', async () => {
    const wire = toHex(new Uint8Array([0, cup!.hex.length / 2])) + cup!.hex;
    const io = capture();
    expect(await main(['frame', 'decode', '--frame', 'unionpay', '--dialect', 'cup', wire], io)).toBe(0);
    expect(io.lines.join('\n')).toMatch(/DE2 .*621234\*+4567/);
    expect(io.lines.join('\n')).toMatch(/DE11 .*000200/);
    const js = capture();
    expect(await main(['frame', 'decode', '--dialect', 'cup', '--json', wire], js)).toBe(0);
    const out = JSON.parse(js.lines[0] ?? '{}');
    expect(out.frames[0].iso8583.mti).toBe('0200');
    expect(out.frames[0].iso8583.fields['11']).toBe('000200');
    expect(js.lines.join('')).not.toContain('6212345678901234567');
  });

  test.skipIf(!cup)('--dialect cup: shows the fields masked and answers 0210 with DE 39 = --rc', async () => {
    const io = capture();
    const done = main(['listen', '--port', '0', '--count', '1', '--dialect', 'cup', '--rc', '05'], io);
    for (let i = 0; i < 1000 && io.lines.length === 0; i++) await new Promise((r) => setTimeout(r, 5));
    const port = Number(/:(\d+) /.exec(io.lines[0] ?? '')?.[1]);
    const client = new TcpClient({ port, frame: frameSpecs.unionPay, key: () => 'one', reconnect: false });
    await client.connect();
    const response = await client.request(frameFromPayload(frameSpecs.unionPay, hex(cup!.hex)));
    await client.close();
    expect(await done).toBe(0);
    const msg = dialect('cup').codec.unpack(response.payload);
    expect([msg.mti, msg.get(39), msg.get(11), msg.get(41), msg.get(2)]).toEqual(['0210', '05', '000200', '12345678', '6212345678901234567']);
    expect(toHex(response.payload.subarray(0, 11))).toBe('6000000003' + '603100000000');
    const printed = io.lines.join('\n');
    expect(printed).toMatch(/header.tpdu +6000030000/);
    expect(printed).toMatch(/DE2 .*621234\*+4567/);
    expect(printed).not.toContain('6212345678901234567');
  });

  test('an unknown dialect is a usage error naming the dialects', async () => {
    const io = capture();
    expect(await main(['listen', '--port', '0', '--dialect', 'nope'], io)).toBe(2);
    expect(io.errors[0]).toMatch(/^error: --dialect must be one of raw, .*, not 'nope'\n$/);
  });
});
