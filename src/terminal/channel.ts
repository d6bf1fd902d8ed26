/**
 * A `HostChannel` over any framed request/response session (a `cardwire/transport/node`
 * TcpClient, a FrameSession): the payload goes out in a frame, the answer is matched by STAN +
 * terminal id (UnionPay answers echo both), so a late answer to a request that timed out is never
 * taken for the next request's.
 */
import { fail } from '../core/index';
import { frameFromPayload, stanTerminalKey, type Frame, type FrameSpec, type MuxRequestOptions, type OutgoingFrame } from '../transport/index';
import type { HostChannel } from './ports';
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
  return stanTerminalKey(cupCodec.unpack(frame.payload));
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
      const key = stanTerminalKey(cupCodec.unpack(payload));
      const answer = await session.request(frameFromPayload(spec, payload), { timeoutMs: options.timeoutMs, key });
      return answer.payload;
    },
  };
}
