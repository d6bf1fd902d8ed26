/**
 * The browser's WebSocket as the smart POS channel's message socket: binary messages as
 * ArrayBuffers, one per payload (pos/smart-pos/channel.ts does the rest).
 */
import type { MessageSocketFactory } from '../smart-pos/channel';

/**
 * A socket factory for `url` (the bridge of `cardwire pos --web`, at `/ws`).
 *
 * @example
 * ```ts
 * new MessageSocketChannel(browserSocket(`ws://${location.host}/ws`));
 * ```
 */
export function browserSocket(url: string): MessageSocketFactory {
  return (events) => {
    const ws = new WebSocket(url);
    ws.binaryType = 'arraybuffer';
    ws.addEventListener('open', () => events.open());
    ws.addEventListener('message', (m: MessageEvent<unknown>) => {
      // The bridge sends binary messages only; anything else is not a host answer.
      if (m.data instanceof ArrayBuffer) events.message(new Uint8Array(m.data));
    });
    // An error is always followed by close (WHATWG WebSockets §"fail the WebSocket connection").
    ws.addEventListener('close', () => events.close());
    return {
      // A copy on its own ArrayBuffer: what WebSocket.send takes (never a SharedArrayBuffer view).
      send: (data) => ws.send(new Uint8Array(data)),
      close: () => ws.close(1000),
    };
  };
}
