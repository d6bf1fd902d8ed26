// The transport layer carrying real UnionPay (cup dialect) messages: the framer's payload is what
// the iso8583 engine unpacks (TPDU and header included), and an IsoMessage is a KeyedMessage.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { hex, toHex } from '../../src/core/index';
import { dialect } from '../../src/iso8583/index';
import {
  FrameSession,
  ManualScheduler,
  createLoopbackPair,
  decodeFrames,
  encodeFrame,
  encodeTpdu,
  frameFromPayload,
  frameSpecs,
  mtiStanTerminalKey,
  replyTpdu,
  stanTerminalKey,
} from '../../src/transport/index';

const file = new URL('../../fixtures/iso8583/messages.json', import.meta.url);
const vectors = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Array<{ dialect: string; hex: string; fields: Record<string, string> }>) : [];
const cup = vectors.find((v) => v.dialect === 'cup');

describe.skipIf(!cup)('UnionPay 0200 from fixtures/iso8583/messages.json', () => {
  test('frames with a 2-byte length; the payload unpacks; the keys read DE 11 and DE 41', () => {
    const packed = hex(cup!.hex);
    const wire = encodeFrame(frameSpecs.unionPay, frameFromPayload(frameSpecs.unionPay, packed));
    expect(toHex(wire.subarray(0, 2))).toBe(packed.length.toString(16).toUpperCase().padStart(4, '0'));
    expect(toHex(wire.subarray(2))).toBe(cup!.hex);
    const [frame] = decodeFrames(frameSpecs.unionPay, wire);
    expect(frame?.tpdu).toEqual({ id: 0x60, destination: 3, source: 0 });
    expect(toHex(frame?.header ?? new Uint8Array())).toBe('603100000000');
    const msg = dialect('cup').codec.unpack(frame!.payload);
    expect(stanTerminalKey(msg)).toBe(`${cup!.fields['11']}|${cup!.fields['41']}`);
    expect(mtiStanTerminalKey(msg)).toBe(`020|${cup!.fields['11']}|${cup!.fields['41']}`);
  });
});

describe.skipIf(!cup)('a UnionPay exchange over a loopback pair', () => {
  test('one key function, reading the unpacked payload, matches requests and responses', async () => {
    const { codec } = dialect('cup');
    const scheduler = new ManualScheduler();
    const [a, b] = createLoopbackPair();
    new FrameSession(b, {
      frame: frameSpecs.unionPay,
      scheduler,
      onFrame: (f, host) => {
        const request = codec.unpack(f.payload);
        const response = codec.create('0210').set(11, request.getText(11) ?? '').set(41, request.getText(41) ?? '').set(39, '00');
        response.setHeader('tpdu', encodeTpdu(replyTpdu(f.tpdu ?? { id: 0x60, destination: 0, source: 0 })));
        host.send(frameFromPayload(frameSpecs.unionPay, response.pack()));
      },
    });
    const terminal = new FrameSession(a, { frame: frameSpecs.unionPay, scheduler, key: (f) => stanTerminalKey(codec.unpack(f.payload)) });
    const answer = await terminal.request(frameFromPayload(frameSpecs.unionPay, hex(cup!.hex)));
    const msg = codec.unpack(answer.payload);
    expect([msg.mti, msg.get(11), msg.get(39)]).toEqual(['0210', cup!.fields['11'], '00']);
    expect(answer.tpdu).toEqual({ id: 0x60, destination: 0, source: 3 });
    terminal.close();
  });
});
