// The WebSocket framing (RFC 6455 §5): the examples of §5.7 decoded and encoded byte for byte,
// then the properties (any chunking, any payload), then each protocol error with its code and path.
import { fc, test as fcTest } from '../helpers/prop.js';
import { describe, expect, test } from 'vitest';
import { decodeUtf8, encodeUtf8, hex, toHex, type CardwireError } from '../../src/core/index';
import { WebSocketDecoder, closeCodeOf, encodeClosePayload, encodeWebSocketFrame, type WebSocketEvent, type WebSocketOpcode } from '../../src/pos/websocket/frame';
import { caught } from '../helpers/caught';
import vectors from '../../fixtures/pos/rfc6455.json';

interface FrameVector {
  readonly name: string;
  readonly source: string;
  readonly masking: 'required' | 'forbidden';
  readonly maskingKey?: string;
  readonly frames?: readonly string[];
  readonly header?: string;
  readonly payloadLength?: number;
  readonly event: { readonly type: string; readonly kind?: string; readonly text?: string };
}

const frameVectors: readonly FrameVector[] = vectors.frames as readonly FrameVector[];

function pattern(n: number): Uint8Array {
  return Uint8Array.from({ length: n }, (_, i) => i & 0xff);
}

function wire(v: FrameVector): Uint8Array {
  if (v.frames) return hex(v.frames.join(''));
  return Uint8Array.from([...hex(v.header!), ...pattern(v.payloadLength!)]);
}

function decodeAll(bytes: Uint8Array, masking: 'required' | 'forbidden', chunk = bytes.length, maxMessageSize = 70_000): WebSocketEvent[] {
  const d = new WebSocketDecoder({ maxMessageSize, masking });
  const events: WebSocketEvent[] = [];
  for (let i = 0; i < bytes.length; i += Math.max(1, chunk)) d.push(bytes.subarray(i, i + Math.max(1, chunk)), (e) => events.push(e));
  return events;
}

function payloadOf(e: WebSocketEvent): Uint8Array {
  if (e.type === 'close') throw new Error('a close event has no data');
  return e.data;
}

describe('RFC 6455 §5.7 examples', () => {
  test.each(frameVectors.map((v) => [v.name, v] as const))('decode: %s', (_name, v) => {
    const events = decodeAll(wire(v), v.masking);
    expect(events).toHaveLength(1);
    const e = events[0]!;
    expect(e.type).toBe(v.event.type);
    if (e.type === 'message') expect(e.kind).toBe(v.event.kind);
    const data = payloadOf(e);
    if (v.event.text !== undefined) expect(decodeUtf8(data)).toBe(v.event.text);
    else expect(toHex(data)).toBe(toHex(pattern(v.payloadLength!)));
  });

  test.each(frameVectors.map((v) => [v.name, v] as const))('decode one byte at a time: %s', (_name, v) => {
    expect(decodeAll(wire(v), v.masking, 1).map((e) => toHex(payloadOf(e)))).toEqual(decodeAll(wire(v), v.masking).map((e) => toHex(payloadOf(e))));
  });

  test.each(frameVectors.filter((v) => v.frames?.length === 1 || v.header).map((v) => [v.name, v] as const))('encode: %s', (_name, v) => {
    const opcode: WebSocketOpcode = v.event.type === 'message' ? (v.event.kind === 'text' ? 'text' : 'binary') : v.event.type === 'ping' ? 'ping' : 'pong';
    const payload = v.event.text !== undefined ? encodeUtf8(v.event.text) : pattern(v.payloadLength!);
    const frame = encodeWebSocketFrame({ opcode, payload, ...(v.maskingKey ? { maskingKey: hex(v.maskingKey) } : {}) });
    expect(toHex(frame)).toBe(toHex(wire(v)));
  });

  test('encode the fragmented example: FIN clear on the first frame, continuation last', () => {
    const first = encodeWebSocketFrame({ opcode: 'text', payload: encodeUtf8('Hel'), fin: false });
    const last = encodeWebSocketFrame({ opcode: 'continuation', payload: encodeUtf8('lo') });
    expect([toHex(first), toHex(last)]).toEqual(['010348656C', '80026C6F']);
  });
});

describe('close frames (RFC 6455 §5.5.1, §7.4)', () => {
  test('status code and UTF-8 reason, or no body at all', () => {
    expect(toHex(encodeClosePayload(1000))).toBe('03E8');
    const frame = encodeWebSocketFrame({ opcode: 'close', payload: encodeClosePayload(1001, '再见'), maskingKey: hex('01020304') });
    expect(decodeAll(frame, 'required')).toEqual([{ type: 'close', code: 1001, reason: '再见' }]);
    expect(decodeAll(hex('8880DEADBEEF'), 'required')).toEqual([{ type: 'close', code: undefined, reason: '' }]);
  });

  test('a control frame may come between the fragments of a message', () => {
    const bytes = hex(['010348656C', '890548656C6C6F', '80026C6F'].join(''));
    expect(decodeAll(bytes, 'forbidden').map((e) => e.type)).toEqual(['ping', 'message']);
  });
});

describe('properties', () => {
  fcTest.prop([fc.uint8Array({ maxLength: 70_000 }), fc.boolean(), fc.uint8Array({ minLength: 4, maxLength: 4 }), fc.integer({ min: 1, max: 4096 })], { numRuns: 60 })(
    'decode(encode(payload)) = payload, masked or not, in any chunking',
    (payload, masked, key, chunk) => {
      const frame = encodeWebSocketFrame({ opcode: 'binary', payload, ...(masked ? { maskingKey: key } : {}) });
      const [e, ...rest] = decodeAll(frame, masked ? 'required' : 'forbidden', chunk);
      expect(rest).toEqual([]);
      expect(e?.type === 'message' && toHex(e.data) === toHex(payload)).toBe(true);
    },
  );

  fcTest.prop([fc.uint8Array({ maxLength: 300 })])('random bytes only ever throw CardwireError', (bytes) => {
    const d = new WebSocketDecoder({ maxMessageSize: 200, masking: 'required' });
    try {
      d.push(bytes, () => undefined);
    } catch (e) {
      expect((e as CardwireError).name).toBe('CardwireError');
    }
  });
});

describe('protocol errors fail the connection', () => {
  const cases: readonly (readonly [string, string, 'required' | 'forbidden', string, string])[] = [
    // [what, bytes, masking, code, path]
    ['an unmasked client frame', '810548656C6C6F', 'required', 'WEBSOCKET_FRAME_INVALID', 'websocket.frame.mask'],
    ['a masked server frame', '818537FA213D7F9F4D5158', 'forbidden', 'WEBSOCKET_FRAME_INVALID', 'websocket.frame.mask'],
    ['a reserved bit (RSV1) without an extension', 'C100', 'forbidden', 'WEBSOCKET_FRAME_INVALID', 'websocket.frame.rsv'],
    ['reserved opcode 3', '8300', 'forbidden', 'WEBSOCKET_FRAME_INVALID', 'websocket.frame.opcode'],
    ['reserved control opcode 0xB', '8B00', 'forbidden', 'WEBSOCKET_FRAME_INVALID', 'websocket.frame.opcode'],
    ['a fragmented ping', '0900', 'forbidden', 'WEBSOCKET_FRAME_INVALID', 'websocket.frame.length'],
    ['a ping of 126 bytes', '897E007E', 'forbidden', 'WEBSOCKET_FRAME_INVALID', 'websocket.frame.length'],
    ['a 16-bit length below 126', '827E0005', 'forbidden', 'WEBSOCKET_FRAME_INVALID', 'websocket.frame.length'],
    ['a 64-bit length below 65536', '827F0000000000000100', 'forbidden', 'WEBSOCKET_FRAME_INVALID', 'websocket.frame.length'],
    ['a 64-bit length with its top bit set', '827F8000000000000000', 'forbidden', 'WEBSOCKET_FRAME_INVALID', 'websocket.frame.length'],
    ['a continuation with no message', '8000', 'forbidden', 'WEBSOCKET_FRAME_INVALID', 'websocket.frame.opcode'],
    ['a new message inside a fragmented one', '01014882014C', 'forbidden', 'WEBSOCKET_FRAME_INVALID', 'websocket.frame.opcode'],
    ['a close body of one byte', '880103', 'forbidden', 'WEBSOCKET_FRAME_INVALID', 'websocket.close.code'],
    ['close code 1005 on the wire', '880203ED', 'forbidden', 'WEBSOCKET_FRAME_INVALID', 'websocket.close.code'],
    ['a close reason that is not UTF-8', '880303E8FF', 'forbidden', 'WEBSOCKET_FRAME_INVALID', 'websocket.close.reason'],
  ];
  test.each(cases)('%s', (_what, bytes, masking, code, path) => {
    const e = caught(() => decodeAll(hex(bytes), masking));
    expect([e.code, e.path]).toEqual([code, path]);
    expect(closeCodeOf({ code: 'WEBSOCKET_FRAME_INVALID' })).toBe(1002);
  });

  test('a message over the maximum is refused on its claimed length, before its bytes arrive (1009)', () => {
    const d = new WebSocketDecoder({ maxMessageSize: 1000, masking: 'forbidden' });
    const e = caught(() => d.push(hex('827F0000000100000000'), () => undefined)); // claims 4 GiB, sends none of it
    expect([e.code, e.path, e.offset, closeCodeOf({ code: 'WEBSOCKET_MESSAGE_TOO_LARGE' })]).toEqual(['WEBSOCKET_MESSAGE_TOO_LARGE', 'websocket.message.length', 1, 1009]);
    expect(d.buffered).toBeLessThan(16);
    // Fragments count together.
    const f = new WebSocketDecoder({ maxMessageSize: 200, masking: 'forbidden' });
    f.push(encodeWebSocketFrame({ opcode: 'binary', payload: new Uint8Array(150), fin: false }), () => undefined);
    expect(caught(() => f.push(encodeWebSocketFrame({ opcode: 'continuation', payload: new Uint8Array(60) }), () => undefined)).code).toBe('WEBSOCKET_MESSAGE_TOO_LARGE');
  });

  test('after an error the decoder stays failed', () => {
    const d = new WebSocketDecoder({ maxMessageSize: 1000, masking: 'required' });
    expect(caught(() => d.push(hex('8100'), () => undefined)).code).toBe('WEBSOCKET_FRAME_INVALID');
    expect(caught(() => d.push(hex('818037FA213D'), () => undefined)).code).toBe('WEBSOCKET_FRAME_INVALID');
  });

  test('the encoder refuses what the decoder would refuse', () => {
    expect(caught(() => encodeWebSocketFrame({ opcode: 'ping', payload: new Uint8Array(126) })).path).toBe('websocket.frame.length');
    expect(caught(() => encodeWebSocketFrame({ opcode: 'binary', payload: new Uint8Array(1), maskingKey: new Uint8Array(3) })).path).toBe('websocket.frame.maskingKey');
    expect(caught(() => encodeClosePayload(1006)).path).toBe('websocket.close.code');
  });
});
