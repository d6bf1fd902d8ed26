/**
 * cardwire transport: framing (length prefixes, ETX, TPDU, application headers), a stream frame
 * decoder, request/response matching, and framed sessions over any byte channel. Pure code; the
 * TCP/TLS client and server and the UnionPay HTTP gateway are in `cardwire/transport/node`.
 *
 * @packageDocumentation
 */
export type { LengthPrefix } from './framing/length-prefix';
export { TPDU_LENGTH, decodeTpdu, encodeTpdu, replyTpdu, formatTpdu, type Tpdu } from './framing/tpdu';
export {
  UNIONPAY_HEADER_LENGTH,
  decodeUnionPayHeader,
  encodeUnionPayHeader,
  unionPayProcessingRequirements,
  type UnionPayHeader,
} from './framing/unionpay-header';
export { DEFAULT_MAX_FRAME_SIZE, frameSpecs, parseFrameSpec, type FrameSpec } from './framing/frame-spec';
export { encodeFrame, encodeKeepAlive, frameFromPayload, type Frame, type OutgoingFrame } from './framing/frame';
export { FrameDecoder, decodeFrames, type FrameDecoderOptions, type MalformedFrameAction } from './framing/frame-decoder';
export { ManualScheduler, systemScheduler, type Scheduler, type TimerHandle } from './mux/scheduler';
export { Mux, type MuxOptions, type MuxRequestOptions, type UnmatchedInfo } from './mux/mux';
export { mtiMatchClass, mtiStanTerminalKey, stanTerminalKey, type KeyedMessage } from './mux/keys';
export { createLoopbackPair, type ByteChannel, type ByteChannelEvents } from './session/channel';
export { FrameSession, type FrameSessionOptions } from './session/frame-session';
export { messageHandler, type MessageCodecLike } from './message-handler';
export { backoffDelay, type BackoffOptions } from './session/backoff';
