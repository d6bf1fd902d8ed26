/**
 * The stream decoder: bytes arrive in chunks of any size (a frame split over many chunks, many
 * frames in one chunk, one byte at a time) and whole frames come out. A claimed length is checked
 * against the maximum frame size before anything is buffered for it, so a prefix claiming 2 GB
 * costs nothing. On a bad prefix or frame the caller chooses: `'close'` (the decoder throws and
 * stays closed, the connection should be dropped) or `'resynchronise'` (the decoder skips one byte
 * past the bad frame's start — for ETX framing, to the next ETX — and keeps going).
 */
import { CardwireError, isCardwireError } from '../../core/index';
import { frameFromPayload, type Frame } from './frame';
import { compileFrameSpec, type CompiledFrameSpec, type FrameSpec } from './frame-spec';

/** What to do when a frame is malformed. */
export type MalformedFrameAction = 'close' | 'resynchronise';

/** Options for {@link FrameDecoder}. */
export interface FrameDecoderOptions {
  /**
   * Called with each framing error; returns what to do. Default: always `'close'`, so the error
   * is thrown from {@link FrameDecoder.push}.
   */
  readonly onMalformed?: (error: CardwireError) => MalformedFrameAction;
}

/**
 * Decode frames from a byte stream.
 *
 * @example
 * ```ts
 * const decoder = new FrameDecoder(frameSpecs.binary2);
 * decoder.push(hex('0002'), onFrame);   // nothing yet
 * decoder.push(hex('0800'), onFrame);   // onFrame({ offset: 0, message: [0x08, 0x00], … })
 * ```
 */
export class FrameDecoder {
  private readonly c: CompiledFrameSpec;
  private readonly onMalformed: (error: CardwireError) => MalformedFrameAction;
  /** Stream offset of the next byte pushed. */
  private position = 0;
  private closedBy: CardwireError | undefined;
  /** Length-prefixed state: the prefix being collected, then the payload being filled. */
  private readonly head: Uint8Array;
  private headFill = 0;
  private body: Uint8Array | undefined;
  private bodyFill = 0;
  private frameStart = 0;
  /** ETX state: the pieces of the current frame, their total, and whether it is being discarded. */
  private pieces: Uint8Array[] = [];
  private piecesLength = 0;
  private inEtxFrame = false;
  private discarding = false;

  constructor(spec: FrameSpec, options: FrameDecoderOptions = {}) {
    this.c = compileFrameSpec(spec);
    this.head = new Uint8Array(this.c.prefix.size);
    this.onMalformed = options.onMalformed ?? (() => 'close');
  }

  /** Bytes held for an incomplete frame. */
  get buffered(): number {
    return this.c.prefix.etx >= 0 ? this.piecesLength : this.headFill + this.bodyFill;
  }

  /**
   * Push the next chunk of the stream; `onFrame` is called for every frame it completes. Frames
   * may be views into `chunk`. If `onFrame` throws, the rest of the chunk is not decoded: discard
   * the decoder.
   */
  push(chunk: Uint8Array, onFrame: (frame: Frame) => void): void {
    if (this.closedBy) {
      throw new CardwireError('FRAME_DECODER_CLOSED', 'the decoder stopped at an earlier framing error', { path: 'frame', offset: this.closedBy.offset ?? 0, cause: this.closedBy });
    }
    const base = this.position;
    this.position += chunk.length;
    if (this.c.prefix.etx >= 0) this.feedEtx(chunk, base, onFrame);
    else this.feedPrefixed(chunk, base, onFrame);
  }

  /**
   * Declare the end of the stream: throws FRAME_TRUNCATED when a frame was left incomplete.
   *
   * @example
   * ```ts
   * decoder.push(hex('000508'), onFrame);
   * decoder.end(); // throws FRAME_TRUNCATED, offset 0
   * ```
   */
  end(): void {
    if (this.inEtxFrame || this.headFill > 0 || this.body !== undefined) {
      throw new CardwireError('FRAME_TRUNCATED', `the stream ends inside a frame (${this.buffered} bytes buffered)`, { path: 'frame', offset: this.frameStart });
    }
  }

  /** Report a framing error; returns normally only when the caller chose to resynchronise. */
  private malformed(error: CardwireError): void {
    let action: MalformedFrameAction;
    try {
      action = this.onMalformed(error);
    } catch {
      action = 'close';
    }
    if (action === 'resynchronise') return;
    this.closedBy = error;
    throw error;
  }

  private emit(payload: Uint8Array, offset: number, onFrame: (frame: Frame) => void): void {
    let frame: Frame;
    try {
      frame = frameFromPayload(this.c.spec, payload, offset);
    } catch (e) {
      if (!isCardwireError(e)) throw e;
      this.malformed(e);
      return;
    }
    onFrame(frame);
  }

  /** Check a decoded length; -1 when the frame must be skipped (the caller resynchronised). */
  private checkLength(length: number, offset: number): number {
    if (length < 0) {
      this.malformed(new CardwireError('FRAME_LENGTH_INVALID', 'the length prefix is not a valid encoding', { path: 'frame.length', offset }));
      return -1;
    }
    if (length > this.c.maxFrameSize) {
      this.malformed(new CardwireError('FRAME_TOO_LARGE', `the frame claims ${length} bytes, the maximum is ${this.c.maxFrameSize}`, { path: 'frame.length', offset }));
      return -1;
    }
    return length;
  }

  private feedPrefixed(chunk: Uint8Array, base: number, onFrame: (frame: Frame) => void): void {
    const { prefix } = this.c;
    const size = prefix.size;
    const n = chunk.length;
    let i = 0;
    while (i < n) {
      const body = this.body;
      if (body !== undefined) {
        const take = Math.min(body.length - this.bodyFill, n - i);
        body.set(chunk.subarray(i, i + take), this.bodyFill);
        this.bodyFill += take;
        i += take;
        if (this.bodyFill === body.length) {
          this.body = undefined;
          this.bodyFill = 0;
          this.emit(body, this.frameStart, onFrame);
        }
        continue;
      }
      if (this.headFill === 0 && n - i >= size) {
        // Fast path: the prefix is whole in this chunk; a whole payload is passed on as a view.
        const start = base + i;
        const length = this.checkLength(prefix.read(chunk, i), start);
        if (length < 0) {
          i += 1;
          continue;
        }
        i += size;
        if (n - i >= length) {
          this.emit(chunk.subarray(i, i + length), start, onFrame);
          i += length;
        } else {
          this.frameStart = start;
          const partial = new Uint8Array(length);
          partial.set(chunk.subarray(i), 0);
          this.body = partial;
          this.bodyFill = n - i;
          i = n;
        }
        continue;
      }
      // Slow path: the prefix is split across chunks.
      if (this.headFill === 0) this.frameStart = base + i;
      const take = Math.min(size - this.headFill, n - i);
      this.head.set(chunk.subarray(i, i + take), this.headFill);
      this.headFill += take;
      i += take;
      if (this.headFill < size) break;
      this.headFill = 0;
      const length = this.checkLength(prefix.read(this.head, 0), this.frameStart);
      if (length < 0) {
        // Resynchronise one byte past the bad prefix's first byte: replay the rest of it.
        this.feedPrefixed(this.head.slice(1), this.frameStart + 1, onFrame);
        continue;
      }
      if (length === 0) this.emit(new Uint8Array(0), this.frameStart, onFrame);
      else {
        this.body = new Uint8Array(length);
        this.bodyFill = 0;
      }
    }
  }

  private feedEtx(chunk: Uint8Array, base: number, onFrame: (frame: Frame) => void): void {
    const etx = this.c.prefix.etx;
    const n = chunk.length;
    let i = 0;
    while (i < n) {
      if (!this.inEtxFrame) {
        this.inEtxFrame = true;
        this.frameStart = base + i;
      }
      const j = chunk.indexOf(etx, i);
      const end = j < 0 ? n : j;
      if (!this.discarding && this.piecesLength + (end - i) > this.c.maxFrameSize) {
        this.pieces = [];
        this.piecesLength = 0;
        // With 'resynchronise' the rest of the frame is dropped up to its ETX.
        this.discarding = true;
        this.malformed(
          new CardwireError('FRAME_TOO_LARGE', `the frame runs past the maximum of ${this.c.maxFrameSize} bytes without an ETX`, { path: 'frame', offset: this.frameStart }),
        );
      }
      if (j < 0) {
        if (!this.discarding) {
          this.pieces.push(chunk.slice(i, n));
          this.piecesLength += n - i;
        }
        return;
      }
      const start = this.frameStart;
      const discarded = this.discarding;
      let payload = chunk.subarray(i, j);
      if (!discarded && this.piecesLength > 0) {
        payload = new Uint8Array(this.piecesLength + (j - i));
        let at = 0;
        for (const p of this.pieces) {
          payload.set(p, at);
          at += p.length;
        }
        payload.set(chunk.subarray(i, j), at);
      }
      this.pieces = [];
      this.piecesLength = 0;
      this.inEtxFrame = false;
      this.discarding = false;
      i = j + 1;
      if (!discarded) this.emit(payload, start, onFrame);
    }
  }
}

/**
 * Decode every frame of a complete byte string (a capture, a file, an HTTP body). The input must
 * end on a frame boundary.
 *
 * @example
 * ```ts
 * decodeFrames(frameSpecs.binary2, hex('00020800' + '0000')); // [message 0800, keep-alive]
 * ```
 */
export function decodeFrames(spec: FrameSpec, bytes: Uint8Array, options: FrameDecoderOptions = {}): Frame[] {
  const decoder = new FrameDecoder(spec, options);
  const frames: Frame[] = [];
  decoder.push(bytes, (f) => frames.push(f));
  decoder.end();
  return frames;
}
