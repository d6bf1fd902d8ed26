/** Frames: what a framer hands to the caller, and how a message is framed for sending. */
import { CardwireError, fail } from '../../core/index';
import { compileFrameSpec, type FrameSpec } from './frame-spec';
import { TPDU_LENGTH, decodeTpdu, writeTpdu, type Tpdu } from './tpdu';

/** A message to frame: the TPDU and header when the spec carries them, and the message bytes. */
export interface OutgoingFrame {
  readonly tpdu?: Tpdu | undefined;
  readonly header?: Uint8Array | undefined;
  readonly message: Uint8Array;
}

/** A received frame. `message` and `header` may be views into the received bytes. */
export interface Frame {
  /** Stream offset of the frame's first byte (its length prefix). */
  readonly offset: number;
  /** A zero-length frame: a keep-alive, with no TPDU, header or message. */
  readonly keepAlive: boolean;
  readonly tpdu: Tpdu | undefined;
  readonly header: Uint8Array | undefined;
  readonly message: Uint8Array;
  /** Everything inside the length prefix: TPDU, header and message, as received. */
  readonly payload: Uint8Array;
}

/**
 * Frame one message: length prefix (or ETX trailer), TPDU, header, message, in one allocation.
 *
 * @example
 * ```ts
 * toHex(encodeFrame(frameSpecs.tpdu, { tpdu: { id: 0x60, destination: 3, source: 0 }, message: hex('0800') }));
 * // '0007' + '6000030000' + '0800'
 * ```
 */
export function encodeFrame(spec: FrameSpec, frame: OutgoingFrame): Uint8Array {
  const c = compileFrameSpec(spec);
  if (c.tpdu !== (frame.tpdu !== undefined)) {
    fail('FRAME_HEADER_MISMATCH', c.tpdu ? 'the frame spec requires a TPDU' : 'the frame spec has no TPDU', { path: 'frame.tpdu' });
  }
  const headerLength = frame.header?.length ?? 0;
  if (headerLength !== c.headerLength) {
    fail('FRAME_HEADER_MISMATCH', `the frame spec requires a ${c.headerLength}-byte header, got ${headerLength}`, { path: 'frame.header' });
  }
  const length = c.overhead + frame.message.length;
  if (length > c.maxFrameSize) fail('FRAME_TOO_LARGE', `the frame needs ${length} bytes, the maximum is ${c.maxFrameSize}`, { path: 'frame.length' });
  const { prefix } = c;
  const etx = prefix.etx;
  const out = new Uint8Array(prefix.size + length + (etx >= 0 ? 1 : 0));
  prefix.write(length, out, 0);
  let at = prefix.size;
  if (frame.tpdu) {
    writeTpdu(frame.tpdu, out, at);
    at += TPDU_LENGTH;
  }
  if (frame.header) {
    out.set(frame.header, at);
    at += frame.header.length;
  }
  out.set(frame.message, at);
  if (etx >= 0) {
    const inside = out.subarray(0, out.length - 1).indexOf(etx);
    if (inside >= 0) fail('FRAME_ETX_IN_MESSAGE', `byte ${inside} of the frame is the ETX byte`, { path: 'frame', offset: inside });
    out[out.length - 1] = etx;
  }
  return out;
}

/**
 * A zero-length keep-alive frame for the spec (a lone ETX under ETX framing).
 *
 * @example
 * ```ts
 * toHex(encodeKeepAlive(frameSpecs.binary2)); // '0000'
 * ```
 */
export function encodeKeepAlive(spec: FrameSpec): Uint8Array {
  const { prefix } = compileFrameSpec(spec);
  const out = new Uint8Array(Math.max(prefix.size, 1));
  if (prefix.etx >= 0) out[0] = prefix.etx;
  else prefix.write(0, out, 0);
  return out;
}

/**
 * Split a frame's payload (the bytes inside the prefix: TPDU, header, message) into its parts. The
 * decoder uses it on every frame; use it to send bytes that already carry their TPDU and header
 * (an ISO 8583 dialect, like UnionPay's, that packs them with the message).
 *
 * @example
 * ```ts
 * const f = frameFromPayload(frameSpecs.unionPay, hex('6000030000' + '603100310001' + '0800'));
 * f.tpdu;               // { id: 0x60, destination: 3, source: 0 }
 * toHex(f.message);     // '0800'
 * ```
 */
export function frameFromPayload(spec: FrameSpec, payload: Uint8Array, offset = 0): Frame {
  const c = compileFrameSpec(spec);
  if (payload.length === 0) return { offset, keepAlive: true, tpdu: undefined, header: undefined, message: payload, payload };
  if (payload.length < c.overhead) {
    throw new CardwireError('FRAME_HEADER_TRUNCATED', `a ${payload.length}-byte frame cannot hold the ${c.overhead}-byte TPDU and header`, {
      path: 'frame',
      offset,
    });
  }
  const tpdu = c.tpdu ? decodeTpdu(payload, 0) : undefined;
  const headerStart = c.tpdu ? TPDU_LENGTH : 0;
  const header = c.headerLength > 0 ? payload.subarray(headerStart, headerStart + c.headerLength) : undefined;
  return { offset, keepAlive: false, tpdu, header, message: payload.subarray(c.overhead), payload };
}
