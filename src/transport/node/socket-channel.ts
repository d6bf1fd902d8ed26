/** A TCP or TLS socket as a {@link ByteChannel}. */
import type { Socket } from 'node:net';
import { CardwireError } from '../../core/index';
import type { ByteChannel } from '../index';

/**
 * Wrap a connected socket. `close()` ends the socket once queued bytes are flushed.
 *
 * @example
 * ```ts
 * const session = new FrameSession(socketChannel(socket), { frame: frameSpecs.unionPay, scheduler: systemScheduler() });
 * ```
 */
export function socketChannel(socket: Socket): ByteChannel {
  socket.setNoDelay(true);
  let corked = false;
  const uncork = (): void => {
    corked = false;
    socket.uncork();
  };
  return {
    write: (bytes) => {
      // Frames written in the same tick (many requests in flight) leave in one writev call.
      if (!corked) {
        corked = true;
        socket.cork();
        process.nextTick(uncork);
      }
      return socket.write(bytes);
    },
    close: () => {
      if (socket.destroyed) return;
      socket.end(() => socket.destroy());
    },
    attach(events) {
      let failure: Error | undefined;
      socket.on('data', (chunk: Uint8Array) => events.data(chunk));
      socket.on('drain', () => events.drain());
      socket.on('error', (e) => {
        failure = e;
      });
      socket.on('close', () => {
        const code = failure && 'code' in failure ? String(failure.code) : undefined;
        events.closed(
          failure
            ? new CardwireError('TRANSPORT_DISCONNECTED', `the connection failed${code ? ` (${code})` : ''}`, { path: 'socket', cause: failure })
            : undefined,
        );
      });
    },
  };
}
