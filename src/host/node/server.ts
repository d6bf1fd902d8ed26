/// <reference types="node" />
/**
 * The host on TCP: a `TcpServer` whose handler passes each frame's payload to the pure `Host`,
 * carries out the answer's fault directives (delay, no answer, close), and reports one masked log
 * entry per message. Closing drains the requests in flight, then the ledger.
 */
import { isCardwireError, type CardwireError } from '../../core/index';
import { frameFromPayload, frameSpecs, type FrameSpec, type OutgoingFrame } from '../../transport/index';
import { TcpServer, type ServerConnection } from '../../transport/node/index';
import type { Host, HostLogEntry } from '../host';

/** Options of {@link HostServer}. */
export interface HostServerOptions {
  readonly host: Host;
  /** Framing (default UnionPay: 2-byte length; the TPDU and header travel in the payload). */
  readonly frame?: FrameSpec;
  /** One call per message answered (or not), masked. */
  readonly onLog?: (entry: HostLogEntry) => void;
  /** Errors of single connections (framing, a request the host could not process). */
  readonly onError?: (error: CardwireError) => void;
  readonly maxConnections?: number;
  readonly idleTimeoutMs?: number;
}

/** The frame spec that carries a UnionPay payload whole: the codec reads TPDU and header itself. */
export const UNIONPAY_PAYLOAD_FRAME: FrameSpec = { length: frameSpecs.unionPay.length };

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * The host server.
 *
 * @example
 * ```ts
 * const server = new HostServer({ host, onLog: (e) => console.log(formatHostLog(e)) });
 * const { port } = await server.listen(0, '127.0.0.1');
 * ```
 */
export class HostServer {
  readonly host: Host;
  readonly #server: TcpServer;
  readonly #frame: FrameSpec;

  constructor(options: HostServerOptions) {
    this.host = options.host;
    this.#frame = options.frame ?? UNIONPAY_PAYLOAD_FRAME;
    this.#server = new TcpServer({
      frame: this.#frame,
      handler: (frame, connection) => this.#handle(frame.payload, connection, options),
      ...(options.maxConnections !== undefined ? { maxConnections: options.maxConnections } : {}),
      ...(options.idleTimeoutMs !== undefined ? { idleTimeoutMs: options.idleTimeoutMs } : {}),
      onError: (e) => options.onError?.(e),
    });
  }

  async #handle(payload: Uint8Array, connection: ServerConnection, options: HostServerOptions): Promise<OutgoingFrame | undefined> {
    let reply;
    try {
      reply = await this.host.handle(payload);
    } catch (e) {
      if (isCardwireError(e)) options.onError?.(e);
      connection.close();
      return undefined;
    }
    options.onLog?.(reply.log);
    if (reply.delayMs > 0) await sleep(reply.delayMs);
    if (reply.close) {
      connection.close();
      return undefined;
    }
    return reply.response === undefined ? undefined : frameFromPayload(this.#frame, reply.response);
  }

  /** Listen; resolves with the bound address and port (the real one for port 0). */
  async listen(port: number, hostname = '127.0.0.1'): Promise<{ readonly address: string; readonly port: number }> {
    const bound = await this.#server.listen(port, hostname);
    return { address: bound.host, port: bound.port };
  }

  /** Stop accepting, drain what is in flight, close the ledger. */
  async close(options: { readonly drainTimeoutMs?: number } = {}): Promise<void> {
    await this.#server.close(options);
    await this.host.ledger.close();
  }
}

/**
 * One log line: time, MTI, TID, STAN, amount, response code, latency, note (no PAN, track, PIN
 * or key: the host's log entries never hold them).
 *
 * @example
 * ```ts
 * formatHostLog(entry); // '2026-12-07T02:30:00.000Z 0200 10000159 000002 123.45 00 1ms'
 * ```
 */
export function formatHostLog(e: HostLogEntry): string {
  return [e.at, e.mti, e.tid || '-', e.stan || '-', e.amount || '-', e.code, `${e.latencyMs}ms`, e.note].filter((x) => x !== '').join(' ');
}
