/**
 * A server handler written against ISO 8583 messages instead of frames: `handler(message,
 * connection) → response`. The frame's bytes are unpacked with the caller's codec and the message
 * it returns is packed and framed back. Structural types only: the transport layer still imports
 * no ISO 8583 code, and any codec with `unpack`/`pack` fits (a `cardwire/iso8583` MessageCodec).
 */
import { TPDU_LENGTH, decodeTpdu, encodeTpdu, replyTpdu } from './framing/tpdu';
import { compileFrameSpec, type FrameSpec } from './framing/frame-spec';
import { frameFromPayload, type Frame, type OutgoingFrame } from './framing/frame';

/** What {@link messageHandler} needs of a codec: a `cardwire/iso8583` MessageCodec fits. */
export interface MessageCodecLike<M extends { pack(): Uint8Array }> {
  /** The codec's own header parts (the `cup` dialect's `tpdu` and 6-byte `header`). */
  readonly header: readonly { readonly id: string }[];
  unpack(bytes: Uint8Array): M;
}

/**
 * Turn `handle(message, connection, frame)` into a frame handler for `TcpServer`, a
 * `FrameSession`'s `onFrame` or the HTTP gateway.
 *
 * - A codec with header parts of its own (`cup`) unpacks the whole frame payload, and the
 *   response it packs is the whole response payload. When its first header part is a `tpdu`,
 *   the response's TPDU is set to the request's with source and destination swapped, as every
 *   host answers (whatever the frame spec says: the TPDU is then inside the payload).
 * - Any other codec unpacks the frame's message; the response goes back with the swapped TPDU
 *   and the request's header, when the frame spec has them.
 *
 * Returning `undefined` sends nothing. Throwing (or rejecting) closes that connection only.
 *
 * @example
 * ```ts
 * const { codec } = dialect('cup');
 * new TcpServer({
 *   frame: frameSpecs.unionPay,
 *   handler: messageHandler(codec, frameSpecs.unionPay, (req) =>
 *     codec.create(responseMti(req.mti)).set(11, req.getText(11)!).set(41, req.getText(41)!).set(39, '00')),
 * });
 * ```
 */
export function messageHandler<M extends { pack(): Uint8Array }, C>(
  codec: MessageCodecLike<M>,
  spec: FrameSpec,
  handle: (message: M, connection: C, frame: Frame) => M | undefined | Promise<M | undefined>,
): (frame: Frame, connection: C) => OutgoingFrame | undefined | Promise<OutgoingFrame | undefined> {
  const compiled = compileFrameSpec(spec);
  const wholePayload = codec.header.length > 0;
  // The codec carries the TPDU itself, first: its bytes open every payload it packs or unpacks.
  const ownTpdu = codec.header[0]?.id === 'tpdu';
  const answer = (frame: Frame, response: M | undefined): OutgoingFrame | undefined => {
    if (response === undefined) return undefined;
    const packed = response.pack();
    if (wholePayload) {
      if (ownTpdu && packed.length >= TPDU_LENGTH && frame.payload.length >= TPDU_LENGTH) {
        packed.set(encodeTpdu(replyTpdu(decodeTpdu(frame.payload, 0))), 0);
      }
      return frameFromPayload(spec, packed);
    }
    return {
      tpdu: compiled.tpdu && frame.tpdu ? replyTpdu(frame.tpdu) : undefined,
      header: compiled.headerLength > 0 ? frame.header : undefined,
      message: packed,
    };
  };
  return (frame, connection) => {
    const request = codec.unpack(wholePayload ? frame.payload : frame.message);
    const response = handle(request, connection, frame);
    if (isPromiseLike(response)) return Promise.resolve(response).then((r) => answer(frame, r));
    return answer(frame, response);
  };
}


function isPromiseLike<T>(v: T | PromiseLike<T>): v is PromiseLike<T> {
  return typeof v === 'object' && v !== null && typeof (v as { then?: unknown }).then === 'function';
}
