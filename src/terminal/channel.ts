/**
 * A `HostChannel` over any framed request/response session (a `cardwire/transport/node`
 * TcpClient, a FrameSession): the payload goes out in a frame, the answer is matched by STAN +
 * terminal id (UnionPay answers echo both), so a late answer to a request that timed out is never
 * taken for the next request's.
 */
import { fail } from '../core/index';
import { frameFromPayload, stanTerminalKey, type Frame, type FrameSpec, type MuxRequestOptions, type OutgoingFrame } from '../transport/index';
import type { HostChannel } from './ports';
import type { IsoMessage } from '../iso8583/index';
import { cupCodec } from './profiles/unionpay';

/**
 * The matching key of a UnionPay frame (request or answer): DE 11 + DE 41.
 *
 * @example
 * ```ts
 * new TcpClient({ port, frame: { length: { kind: 'binary', size: 2 } }, key: cupFrameKey });
 * ```
 */
export function cupFrameKey(frame: Frame): string {
  const message = cupCodec.unpack(frame.payload);
  decoded.set(frame.payload, message);
  return stanTerminalKey(message);
}

/** Answers `cupFrameKey` decoded, by their payload, so that the engine does not decode them again. */
const decoded = new WeakMap<Uint8Array, IsoMessage>();

/** The message of a UnionPay payload: the one `cupFrameKey` decoded from these very bytes, else a fresh decode. */
export function unpackCupPayload(payload: Uint8Array): IsoMessage {
  const m = decoded.get(payload);
  if (m === undefined) return cupCodec.unpack(payload);
  decoded.delete(payload);
  return m;
}

/** A session that sends a frame and resolves with its answer. */
export interface FrameRequester {
  request(frame: OutgoingFrame, options?: MuxRequestOptions): Promise<Frame>;
}

/**
 * The terminal's host channel over a framed session.
 *
 * @example
 * ```ts
 * const client = new TcpClient({ port, frame: { length: { kind: 'binary', size: 2 } }, key: cupFrameKey });
 * await client.connect();
 * const channel = frameChannel(client, { length: { kind: 'binary', size: 2 } });
 * ```
 */
export function frameChannel(session: FrameRequester, spec: FrameSpec): HostChannel {
  return {
    async request(payload, options) {
      if (payload.length < 11) fail('INVALID_ARGUMENT', 'a UnionPay payload starts with the TPDU and the header', { path: 'payload' });
      const key = options.key ?? stanTerminalKey(cupCodec.unpack(payload));
      const answer = await session.request(frameFromPayload(spec, payload), { timeoutMs: options.timeoutMs, key });
      return answer.payload;
    },
  };
}
