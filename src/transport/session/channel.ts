/**
 * The `Channel` port (DESIGN.md §1): a byte stream in both directions. A TCP or TLS socket is one
 * (src/transport/node/); {@link createLoopbackPair} is an in-memory one for tests that need no
 * sockets.
 */
import type { CardwireError } from '../../core/index';

/** What a channel reports to its owner. */
export interface ByteChannelEvents {
  /** Bytes arrived. */
  data(bytes: Uint8Array): void;
  /** The channel can take more bytes after `write` returned false. */
  drain(): void;
  /** The channel closed; `error` when it did not close cleanly. Called once. */
  closed(error: CardwireError | undefined): void;
}

/** A byte stream. */
export interface ByteChannel {
  /** Queue bytes; false when the peer is slow and the writer should wait for `drain`. */
  write(bytes: Uint8Array): boolean;
  /** Close gracefully once queued bytes are written. */
  close(): void;
  /** Install the event receivers (once, before any data flows). */
  attach(events: ByteChannelEvents): void;
}

class LoopbackEnd implements ByteChannel {
  peer: LoopbackEnd | undefined;
  private events: ByteChannelEvents | undefined;
  private early: Uint8Array[] = [];
  private closedFlag = false;

  attach(events: ByteChannelEvents): void {
    this.events = events;
    const queued = this.early;
    this.early = [];
    for (const b of queued) events.data(b);
    if (this.closedFlag) events.closed(undefined);
  }

  write(bytes: Uint8Array): boolean {
    const peer = this.peer;
    if (this.closedFlag || !peer) return false;
    const copy = bytes.slice();
    // Delivered on a later microtask, in order, as a socket would.
    void Promise.resolve().then(() => peer.deliver(copy));
    return true;
  }

  close(): void {
    if (this.closedFlag) return;
    const peer = this.peer;
    void Promise.resolve().then(() => {
      this.shut();
      peer?.shut();
    });
  }

  private deliver(bytes: Uint8Array): void {
    if (this.closedFlag) return;
    if (this.events) this.events.data(bytes);
    else this.early.push(bytes);
  }

  private shut(): void {
    if (this.closedFlag) return;
    this.closedFlag = true;
    this.events?.closed(undefined);
  }
}

/**
 * Two connected in-memory channels: bytes written to one arrive at the other on a later microtask,
 * in order; closing either closes both.
 *
 * @example
 * ```ts
 * const [terminalSide, hostSide] = createLoopbackPair();
 * const terminal = new FrameSession(terminalSide, { frame: frameSpecs.unionPay, … });
 * ```
 */
export function createLoopbackPair(): [ByteChannel, ByteChannel] {
  const a = new LoopbackEnd();
  const b = new LoopbackEnd();
  a.peer = b;
  b.peer = a;
  return [a, b];
}
