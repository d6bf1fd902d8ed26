/** A TCP or TLS socket as a {@link ByteChannel}. */
import type { Socket } from 'node:net';
import { CardwireError } from '../../core/index';
import type { ByteChannel } from '../index';

/**
 * Bytes written in one tick after which the corked socket is flushed early: about four UnionPay
 * purchase frames. Measured on loopback with 64 requests in flight (bench/transport-rt.mjs):
 * flushing only at the end of the tick made client and server take turns on whole batches.
 */
const FLUSH_AT = 1024;

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
  let queued = 0;
  const uncork = (): void => {
    if (!corked) return;
    corked = false;
    queued = 0;
    socket.uncork();
  };
  return {
    write: (bytes) => {
      // Frames written in the same tick (many requests in flight) leave in one writev call, and
      // in several once they pass FLUSH_AT bytes, so that the peer starts on the first ones while
      // this side is still producing the rest.
      if (!corked) {
        corked = true;
        socket.cork();
        process.nextTick(uncork);
      }
      const ok = socket.write(bytes);
      queued += bytes.length;
      if (queued >= FLUSH_AT) {
        uncork();
      }
      return ok;
    },
    close: () => {
      if (socket.destroyed) return;
      socket.end(() => socket.destroy());
    },
    attach(events) {
      let failure: Error | undefined;
      // A plain Uint8Array view of each chunk: frames cut from it are plain views too, cheaper to
      // make than Buffer.subarray's, and what the pure layers promise their callers.
      socket.on('data', (chunk: Uint8Array) => events.data(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength)));
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
