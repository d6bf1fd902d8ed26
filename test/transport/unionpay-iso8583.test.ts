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
  messageHandler,
  mtiStanTerminalKey,
  replyTpdu,
  stanTerminalKey,
  type OutgoingFrame,
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

describe('messageHandler: a host written against messages', () => {
  const { codec } = dialect('cup');
  const purchase = () =>
    codec
      .create('0200')
      .setHeader('tpdu', hex('6000030000'))
      .setHeader('header', hex('603100310001'))
      .set(3, '000000')
      .set(4, '000000000100')
      .set(11, '000123')
      .set(41, 'TERM0001')
      .set(42, '123456789012345');
  const approve = (req: ReturnType<typeof purchase>) =>
    codec.create('0210').setHeader('header', hex('603100310001')).set(11, req.getText(11)!).set(41, req.getText(41)!).set(39, '00');

  test('cup: the payload is the message; the response TPDU is the request TPDU swapped', () => {
    const h = messageHandler(codec, frameSpecs.unionPay, (req: ReturnType<typeof purchase>) => approve(req));
    const frame = frameFromPayload(frameSpecs.unionPay, purchase().pack());
    const out = h(frame, undefined) as OutgoingFrame;
    expect(out.tpdu).toEqual({ id: 0x60, destination: 0, source: 3 });
    const [back] = decodeFrames(frameSpecs.unionPay, encodeFrame(frameSpecs.unionPay, out));
    const res = codec.unpack(back!.payload);
    expect([res.mti, res.get(11), res.get(41), res.get(39)]).toEqual(['0210', '000123', 'TERM0001', '00']);
    expect(toHex(res.getHeader('tpdu') as Uint8Array)).toBe('6000000003');
  });

  test('cup behind a frame spec without a TPDU (2-byte length only): the TPDU inside the payload is still swapped', () => {
    const h = messageHandler(codec, frameSpecs.binary2, (req: ReturnType<typeof purchase>) => approve(req));
    const req = purchase().setHeader('tpdu', hex('6000030010')).pack();
    const out = h(frameFromPayload(frameSpecs.binary2, req), undefined) as OutgoingFrame;
    expect(out.tpdu).toBeUndefined();
    const res = codec.unpack(out.message);
    expect(toHex(res.getHeader('tpdu') as Uint8Array)).toBe('6000100003');
    expect(toHex(res.getHeader('header') as Uint8Array)).toBe('603100310001');
  });

  test('a dialect without TPDU: the frame message is unpacked; TPDU swapped and header echoed around the answer', async () => {
    const binary = dialect('iso87binary').codec;
    const spec = { ...frameSpecs.unionPay };
    const req = binary.create('0800').set(11, '000007').set(41, 'TERM0001').set(70, '301').pack();
    const frame = frameFromPayload(spec, new Uint8Array([...encodeTpdu({ id: 0x60, destination: 3, source: 0x10 }), ...hex('603100310001'), ...req]));
    const h = messageHandler(binary, spec, async (m) => binary.create('0810').set(11, m.getText(11)!).set(39, '00'));
    const out = (await h(frame, undefined))!;
    expect(out.tpdu).toEqual({ id: 0x60, destination: 0x10, source: 3 });
    expect(toHex(out.header!)).toBe('603100310001');
    expect(binary.unpack(out.message).get(39)).toBe('00');
    expect(messageHandler(binary, spec, () => undefined)(frame, undefined)).toBeUndefined();
  });
});
