/**
 * The WebSocket framing of RFC 6455 §5: frames encoded for sending, and a stream decoder that
 * turns the bytes of a connection (in chunks of any size) into whole messages and control frames.
 * Masking (§5.3), fragmentation (§5.4), control frames (§5.5) and close payloads (§5.5.1, §7.4)
 * are checked strictly: a frame that breaks a rule fails the connection (§7.1.7) with
 * WEBSOCKET_FRAME_INVALID, and a message longer than the maximum size with
 * WEBSOCKET_MESSAGE_TOO_LARGE, before its bytes are buffered. Pure code: the browser POS bridge
 * (pos/node/web-server.ts) runs it over a socket.
 */
import { CardwireError, concatBytes, decodeUtf8, encodeUtf8, fail, isCardwireError } from '../../core/index';

/** The opcodes of RFC 6455 §5.2 by name. */
export const WEBSOCKET_OPCODES = { continuation: 0x0, text: 0x1, binary: 0x2, close: 0x8, ping: 0x9, pong: 0xa } as const;

/** An opcode's name. */
export type WebSocketOpcode = keyof typeof WEBSOCKET_OPCODES;

/** Close status codes used by the bridge (RFC 6455 §7.4.1). */
export const WEBSOCKET_CLOSE_CODES = {
  normal: 1000,
  goingAway: 1001,
  protocolError: 1002,
  unsupportedData: 1003,
  messageTooBig: 1009,
  internalError: 1011,
} as const;

/** One frame to send. */
export interface WebSocketFrameInput {
  readonly opcode: WebSocketOpcode;
  readonly payload: Uint8Array;
  /** The last frame of its message (default true). */
  readonly fin?: boolean;
  /** The 4-byte masking key; a client's frames are masked (§5.3), a server's never are. */
  readonly maskingKey?: Uint8Array;
}

/**
 * Encode one frame: FIN, opcode, the length in its minimal form (7 bits, 16 or 64 bits), the
 * masking key and the (masked) payload.
 *
 * @example
 * ```ts
 * // RFC 6455 §5.7: a single-frame unmasked text message
 * toHex(encodeWebSocketFrame({ opcode: 'text', payload: encodeUtf8('Hello') })); // '810548656C6C6F'
 * ```
 */
export function encodeWebSocketFrame(frame: WebSocketFrameInput): Uint8Array {
  const { payload, maskingKey } = frame;
  const code = WEBSOCKET_OPCODES[frame.opcode];
  const fin = frame.fin ?? true;
  if (code >= 0x8 && (payload.length > 125 || !fin)) fail('WEBSOCKET_FRAME_INVALID', 'a control frame is one frame of at most 125 bytes (RFC 6455 §5.5)', { path: 'websocket.frame.length' });
  if (maskingKey !== undefined && maskingKey.length !== 4) fail('WEBSOCKET_FRAME_INVALID', `a masking key is 4 bytes, got ${maskingKey.length}`, { path: 'websocket.frame.maskingKey' });
  const n = payload.length;
  const lengthBytes = n < 126 ? 0 : n < 0x10000 ? 2 : 8;
  const maskBytes = maskingKey ? 4 : 0;
  const out = new Uint8Array(2 + lengthBytes + maskBytes + n);
  out[0] = (fin ? 0x80 : 0) | code;
  out[1] = (maskingKey ? 0x80 : 0) | (lengthBytes === 0 ? n : lengthBytes === 2 ? 126 : 127);
  if (lengthBytes === 2) {
    out[2] = n >> 8;
    out[3] = n & 0xff;
  } else if (lengthBytes === 8) {
    // Lengths here stay below 2^53; the top 32 bits are written from the high word.
    const high = Math.floor(n / 0x1_0000_0000);
    for (let i = 0; i < 4; i++) {
      out[2 + i] = (high >>> (24 - 8 * i)) & 0xff;
      out[6 + i] = (n >>> (24 - 8 * i)) & 0xff;
    }
  }
  const at = 2 + lengthBytes;
  if (maskingKey) {
    out.set(maskingKey, at);
    for (let i = 0; i < n; i++) out[at + 4 + i] = payload[i]! ^ maskingKey[i & 3]!;
  } else {
    out.set(payload, at);
  }
  return out;
}

/**
 * The payload of a close frame: the status code (2 bytes, big-endian) and a UTF-8 reason
 * (RFC 6455 §5.5.1); empty without a code.
 *
 * @example
 * ```ts
 * toHex(encodeClosePayload(1000, '')); // '03E8'
 * ```
 */
export function encodeClosePayload(code: number | undefined, reason = ''): Uint8Array {
  if (code === undefined) return new Uint8Array(0);
  if (!validCloseCode(code)) fail('WEBSOCKET_FRAME_INVALID', `${code} is not a close code an endpoint may send (RFC 6455 §7.4)`, { path: 'websocket.close.code' });
  const text = encodeUtf8(reason, { path: 'websocket.close.reason' });
  if (text.length > 123) fail('WEBSOCKET_FRAME_INVALID', 'a close reason is at most 123 bytes (RFC 6455 §5.5)', { path: 'websocket.close.reason' });
  return concatBytes(new Uint8Array([code >> 8, code & 0xff]), text);
}

/** RFC 6455 §7.4.1-2: the codes an endpoint may put in a close frame (1005, 1006 and 1015 never go on the wire). */
function validCloseCode(code: number): boolean {
  return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1011) || (code >= 3000 && code <= 4999);
}

/** What the decoder delivers. */
export type WebSocketEvent =
  /** A whole data message: its fragments joined, unmasked. Text is delivered as its UTF-8 bytes, not checked. */
  | { readonly type: 'message'; readonly kind: 'text' | 'binary'; readonly data: Uint8Array }
  | { readonly type: 'ping'; readonly data: Uint8Array }
  | { readonly type: 'pong'; readonly data: Uint8Array }
  /** A close frame: its status code (undefined when the frame had none) and reason. */
  | { readonly type: 'close'; readonly code: number | undefined; readonly reason: string };

/** Options of {@link WebSocketDecoder}. */
export interface WebSocketDecoderOptions {
  /** Largest message accepted, all fragments together (bytes). */
  readonly maxMessageSize: number;
  /** `'required'` for a server reading a client (§5.1), `'forbidden'` for a client reading a server. */
  readonly masking: 'required' | 'forbidden';
}

/**
 * Decode the frames of one connection.
 *
 * @example
 * ```ts
 * const decoder = new WebSocketDecoder({ maxMessageSize: 65535, masking: 'required' });
 * // RFC 6455 §5.7: a single-frame masked text message, "Hello"
 * decoder.push(hex('818537FA213D7F9F4D5158'), (e) => e); // { type: 'message', kind: 'text', data: 'Hello' as UTF-8 }
 * ```
 */
export class WebSocketDecoder {
  readonly #options: WebSocketDecoderOptions;
  /** Bytes received and not yet decoded: `#buffer[#start, #end)`, grown by doubling (linear for any chunking). */
  #buffer = new Uint8Array(256);
  #start = 0;
  #end = 0;
  /** Stream offset of `#buffer[#start]`. */
  #position = 0;
  /** The data message being reassembled from fragments. */
  #fragments: { kind: 'text' | 'binary'; parts: Uint8Array[]; length: number } | undefined;
  #failed: CardwireError | undefined;

  constructor(options: WebSocketDecoderOptions) {
    if (!Number.isSafeInteger(options.maxMessageSize) || options.maxMessageSize < 125) fail('WEBSOCKET_FRAME_INVALID', 'the maximum message size is an integer of at least 125 bytes', { path: 'maxMessageSize' });
    this.#options = options;
  }

  /** Bytes held for an incomplete frame or message. */
  get buffered(): number {
    return this.#end - this.#start + (this.#fragments?.length ?? 0);
  }

  /**
   * Push the next bytes of the stream; `onEvent` is called for each message and control frame
   * they complete. A protocol error is thrown (and every later push throws it again): the caller
   * then closes the connection with {@link closeCodeOf}.
   */
  push(chunk: Uint8Array, onEvent: (event: WebSocketEvent) => void): void {
    if (this.#failed) throw this.#failed;
    this.#append(chunk);
    try {
      for (;;) {
        const consumed = this.#frame(this.#buffer.subarray(this.#start, this.#end), onEvent);
        if (consumed === 0) break;
        this.#start += consumed;
        this.#position += consumed;
      }
    } catch (e) {
      if (isCardwireError(e)) this.#failed = e;
      throw e;
    }
  }

  #append(chunk: Uint8Array): void {
    if (this.#end + chunk.length > this.#buffer.length) {
      const held = this.#end - this.#start;
      if (held + chunk.length <= this.#buffer.length) {
        this.#buffer.copyWithin(0, this.#start, this.#end);
      } else {
        const next = new Uint8Array(Math.max(held + chunk.length, 2 * this.#buffer.length));
        next.set(this.#buffer.subarray(this.#start, this.#end));
        this.#buffer = next;
      }
      this.#start = 0;
      this.#end = held;
    }
    this.#buffer.set(chunk, this.#end);
    this.#end += chunk.length;
  }

  /** Decode one frame from the front of `b` (the bytes not yet decoded); 0 when it is not all there yet. */
  #frame(b: Uint8Array, onEvent: (event: WebSocketEvent) => void): number {
    const at = this.#position;
    if (b.length < 2) return 0;
    const b0 = b[0]!;
    const b1 = b[1]!;
    const fin = (b0 & 0x80) !== 0;
    // §5.2: RSV1-3 are 0 unless an extension was negotiated, and this server negotiates none.
    if ((b0 & 0x70) !== 0) fail('WEBSOCKET_FRAME_INVALID', 'reserved bits set without a negotiated extension (RFC 6455 §5.2)', { path: 'websocket.frame.rsv', offset: at });
    const opcode = b0 & 0x0f;
    const control = opcode >= 0x8;
    if (!(opcode <= 0x2 || (opcode >= 0x8 && opcode <= 0xa))) fail('WEBSOCKET_FRAME_INVALID', `opcode ${opcode} is reserved (RFC 6455 §5.2)`, { path: 'websocket.frame.opcode', offset: at });
    const masked = (b1 & 0x80) !== 0;
    if (masked !== (this.#options.masking === 'required')) {
      fail('WEBSOCKET_FRAME_INVALID', masked ? 'a server does not mask its frames (RFC 6455 §5.1)' : 'a client masks every frame it sends (RFC 6455 §5.1)', { path: 'websocket.frame.mask', offset: at + 1 });
    }
    const length7 = b1 & 0x7f;
    // §5.5: control frames are not fragmented and carry at most 125 bytes.
    if (control && (!fin || length7 > 125)) fail('WEBSOCKET_FRAME_INVALID', 'a control frame is one frame of at most 125 bytes (RFC 6455 §5.5)', { path: 'websocket.frame.length', offset: at + 1 });
    const lengthBytes = length7 === 126 ? 2 : length7 === 127 ? 8 : 0;
    const headerLength = 2 + lengthBytes + (masked ? 4 : 0);
    if (b.length < headerLength) return 0;
    let length = length7;
    if (lengthBytes === 2) {
      length = (b[2]! << 8) | b[3]!;
      if (length < 126) fail('WEBSOCKET_FRAME_INVALID', 'the length is not in its minimal form (RFC 6455 §5.2)', { path: 'websocket.frame.length', offset: at + 2 });
    } else if (lengthBytes === 8) {
      // §5.2: the most significant bit of a 64-bit length is 0.
      if ((b[2]! & 0x80) !== 0) fail('WEBSOCKET_FRAME_INVALID', 'the most significant bit of a 64-bit length is set (RFC 6455 §5.2)', { path: 'websocket.frame.length', offset: at + 2 });
      const high = ((b[2]! << 24) | (b[3]! << 16) | (b[4]! << 8) | b[5]!) >>> 0;
      const low = ((b[6]! << 24) | (b[7]! << 16) | (b[8]! << 8) | b[9]!) >>> 0;
      length = high * 0x1_0000_0000 + low;
      if (length < 0x10000) fail('WEBSOCKET_FRAME_INVALID', 'the length is not in its minimal form (RFC 6455 §5.2)', { path: 'websocket.frame.length', offset: at + 2 });
    }
    // The message's size is checked on the claimed length, before its bytes are buffered.
    const messageSoFar = control ? 0 : (this.#fragments?.length ?? 0);
    if (messageSoFar + length > this.#options.maxMessageSize) {
      fail('WEBSOCKET_MESSAGE_TOO_LARGE', `a message of at least ${messageSoFar + length} bytes, the maximum is ${this.#options.maxMessageSize}`, { path: 'websocket.message.length', offset: at + 1 });
    }
    if (b.length < headerLength + length) return 0;
    const data = b.slice(headerLength, headerLength + length);
    if (masked) {
      // §5.3: octet i of the payload is XORed with octet i mod 4 of the masking key.
      const key = b.subarray(headerLength - 4, headerLength);
      for (let i = 0; i < data.length; i++) data[i] = data[i]! ^ key[i & 3]!;
    }
    this.#deliver(opcode, fin, data, at, onEvent);
    return headerLength + length;
  }

  #deliver(opcode: number, fin: boolean, data: Uint8Array, at: number, onEvent: (event: WebSocketEvent) => void): void {
    switch (opcode) {
      case WEBSOCKET_OPCODES.ping:
        return onEvent({ type: 'ping', data });
      case WEBSOCKET_OPCODES.pong:
        return onEvent({ type: 'pong', data });
      case WEBSOCKET_OPCODES.close:
        return onEvent(closeEvent(data, at));
      case WEBSOCKET_OPCODES.continuation: {
        // §5.4: a continuation belongs to a fragmented message started earlier.
        const m = this.#fragments;
        if (!m) fail('WEBSOCKET_FRAME_INVALID', 'a continuation frame without a message to continue (RFC 6455 §5.4)', { path: 'websocket.frame.opcode', offset: at });
        m.parts.push(data);
        m.length += data.length;
        if (!fin) return;
        this.#fragments = undefined;
        return onEvent({ type: 'message', kind: m.kind, data: concatBytes(...m.parts) });
      }
      default: {
        if (this.#fragments) fail('WEBSOCKET_FRAME_INVALID', 'a new data frame inside a fragmented message (RFC 6455 §5.4)', { path: 'websocket.frame.opcode', offset: at });
        const kind = opcode === WEBSOCKET_OPCODES.text ? 'text' : 'binary';
        if (fin) return onEvent({ type: 'message', kind, data });
        this.#fragments = { kind, parts: [data], length: data.length };
      }
    }
  }
}

function closeEvent(data: Uint8Array, at: number): WebSocketEvent {
  if (data.length === 0) return { type: 'close', code: undefined, reason: '' };
  // §5.5.1: a close body starts with a 2-byte status code.
  if (data.length === 1) fail('WEBSOCKET_FRAME_INVALID', 'a close frame body of 1 byte (RFC 6455 §5.5.1)', { path: 'websocket.close.code', offset: at });
  const code = (data[0]! << 8) | data[1]!;
  if (!validCloseCode(code)) fail('WEBSOCKET_FRAME_INVALID', `${code} is not a close code an endpoint may send (RFC 6455 §7.4)`, { path: 'websocket.close.code', offset: at });
  let reason: string;
  try {
    reason = decodeUtf8(data.subarray(2));
  } catch (e) {
    return fail('WEBSOCKET_FRAME_INVALID', 'the close reason is not UTF-8 (RFC 6455 §5.5.1)', { path: 'websocket.close.reason', offset: at, cause: e });
  }
  return { type: 'close', code, reason };
}

/**
 * The close code that answers a decoder error (RFC 6455 §7.4.1): 1009 for a message too large,
 * 1002 for any other protocol error.
 *
 * @example
 * ```ts
 * closeCodeOf(new CardwireError('WEBSOCKET_MESSAGE_TOO_LARGE', '…')); // 1009
 * ```
 */
export function closeCodeOf(error: Pick<CardwireError, 'code'>): number {
  return error.code === 'WEBSOCKET_MESSAGE_TOO_LARGE' ? WEBSOCKET_CLOSE_CODES.messageTooBig : WEBSOCKET_CLOSE_CODES.protocolError;
}
