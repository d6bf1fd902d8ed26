/** Error codes raised by `pos` (the applications: text-mode POS and its scripts, browser POS). Code → one-line meaning for docs/errors.md. */
export const posErrorCodes = {
  POS_SCRIPT_INVALID: 'A `cardwire pos --script` file has a line that is not JSON, an unknown action, or an action field missing or malformed (the path names the line).',
  POS_WEB_BUNDLE_MISSING: 'The browser POS bundle (dist/pos-web/index.html) is not where the web server looks for it: run `npm run build`.',
  POS_CHANNEL_BUSY: 'A request was sent on the browser POS host channel while another one was still waiting for its answer (one request at a time).',
  POS_CONNECT_INVALID: 'A host address to connect to is not HOST:PORT with a port from 1 to 65535.',
  POS_WEB_LISTEN_FAILED: 'The browser POS server could not listen on its address and port (in use, not allowed, or not an address of this machine).',
  POS_WEB_OPTION_INVALID: 'An option of the browser POS server is out of range: its listening port (0 to 65535), its bind address (empty), or its maximum message size (1 to 65535 bytes).',
  WEBSOCKET_HANDSHAKE_INVALID: 'An HTTP upgrade request is not a valid RFC 6455 opening handshake (GET, Upgrade: websocket, Connection: Upgrade, a 16-byte Sec-WebSocket-Key, version 13).',
  WEBSOCKET_FRAME_INVALID: 'A WebSocket frame breaks RFC 6455 §5: reserved bits set, an unknown opcode, a client frame not masked (or a server frame masked), a fragmented or over-long control frame, a length not minimally encoded, a continuation out of place, or a bad close payload.',
  WEBSOCKET_MESSAGE_TOO_LARGE: 'A WebSocket message (all its fragments together) is larger than the maximum message size; the connection is closed with 1009.',
} as const satisfies Record<string, string>;
