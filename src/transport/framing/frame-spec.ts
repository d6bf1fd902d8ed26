/**
 * A frame specification: how one message sits on a stream socket. Length prefix (or ETX trailer),
 * then inside the frame an optional 5-byte TPDU and an optional fixed-length application header
 * (UnionPay's 6 bytes, BASE24's 12-byte `ISO…` header, or any other), then the message.
 */
import { fail } from '../../core/index';
import { compilePrefix, type CompiledPrefix, type LengthPrefix } from './length-prefix';
import { TPDU_LENGTH } from './tpdu';
import { UNIONPAY_HEADER_LENGTH } from './unionpay-header';

/** How messages are framed on a link. */
export interface FrameSpec {
  /** The length prefix, or ETX framing. */
  readonly length: LengthPrefix;
  /** A 5-byte TPDU opens every frame (default false). */
  readonly tpdu?: boolean;
  /** Bytes of application header after the TPDU (default 0; 6 for UnionPay, 12 for BASE24). */
  readonly headerLength?: number;
  /**
   * Largest frame accepted or sent, in bytes inside the prefix (TPDU + header + message).
   * Default: 8192, or what the prefix can express if less. A longer claimed length is an error
   * before any byte of it is buffered.
   */
  readonly maxFrameSize?: number;
}

/** A {@link FrameSpec} with defaults applied and the prefix compiled (internal). */
export interface CompiledFrameSpec {
  readonly spec: FrameSpec;
  readonly prefix: CompiledPrefix;
  readonly tpdu: boolean;
  readonly headerLength: number;
  /** TPDU + header bytes. */
  readonly overhead: number;
  readonly maxFrameSize: number;
}

/** Default maximum frame size: ISO 8583 messages on POS links stay well under it. */
export const DEFAULT_MAX_FRAME_SIZE = 8192;

const compiled = new WeakMap<FrameSpec, CompiledFrameSpec>();

/** Validate a spec and compile it once (cached per spec object). */
export function compileFrameSpec(spec: FrameSpec): CompiledFrameSpec {
  const hit = compiled.get(spec);
  if (hit) return hit;
  const prefix = compilePrefix(spec.length);
  const headerLength = spec.headerLength ?? 0;
  if (!Number.isInteger(headerLength) || headerLength < 0 || headerLength > 1024) {
    fail('FRAME_SPEC_INVALID', 'headerLength must be an integer from 0 to 1024', { path: 'frame.headerLength' });
  }
  const maxFrameSize = spec.maxFrameSize ?? Math.min(DEFAULT_MAX_FRAME_SIZE, prefix.maxLength);
  if (!Number.isSafeInteger(maxFrameSize) || maxFrameSize < 0 || maxFrameSize > prefix.maxLength) {
    fail('FRAME_SPEC_INVALID', `maxFrameSize must be an integer from 0 to ${prefix.maxLength} for this prefix`, { path: 'frame.maxFrameSize' });
  }
  const tpdu = spec.tpdu === true;
  const result: CompiledFrameSpec = { spec, prefix, tpdu, headerLength, overhead: (tpdu ? TPDU_LENGTH : 0) + headerLength, maxFrameSize };
  compiled.set(spec, result);
  return result;
}

/**
 * Ready-made specs for common links (docs/transport.md explains each).
 *
 * @example
 * ```ts
 * encodeFrame(frameSpecs.unionPay, { tpdu, header, message }); // 2-byte length, TPDU, 6-byte header, message
 * ```
 */
export const frameSpecs = {
  /** China UnionPay POS: 2-byte binary length, TPDU, 6-byte application header. */
  unionPay: { length: { kind: 'binary', size: 2 }, tpdu: true, headerLength: UNIONPAY_HEADER_LENGTH },
  /** 2-byte binary length and TPDU (most POS links in Asia, Middle East, Latin America). */
  tpdu: { length: { kind: 'binary', size: 2 }, tpdu: true },
  /** 2-byte binary big-endian length, nothing else. */
  binary2: { length: { kind: 'binary', size: 2 } },
  /** 4 ASCII digits of length. */
  ascii4: { length: { kind: 'ascii', digits: 4 } },
  /** 2-byte BCD length (4 digits). */
  bcd2: { length: { kind: 'bcd', size: 2 } },
  /** BASE24 style: no prefix, ETX (0x03) ends the frame, 12-byte `ISO` header. */
  base24: { length: { kind: 'etx' }, headerLength: 12 },
} as const satisfies Record<string, FrameSpec>;

const PREFIX_TOKENS: Record<string, LengthPrefix> = {
  '1b': { kind: 'binary', size: 1 },
  '2b': { kind: 'binary', size: 2 },
  '2bi': { kind: 'binary', size: 2, inclusive: true },
  '3b': { kind: 'binary', size: 3 },
  '4b': { kind: 'binary', size: 4 },
  '4bi': { kind: 'binary', size: 4, inclusive: true },
  '2bcd': { kind: 'bcd', size: 2 },
  '2a': { kind: 'ascii', digits: 2 },
  '3a': { kind: 'ascii', digits: 3 },
  '4a': { kind: 'ascii', digits: 4 },
  '6a': { kind: 'ascii', digits: 6 },
  etx: { kind: 'etx' },
};

/**
 * Parse a frame spec written as text (the CLI's `--frame`): a preset name (`unionpay`, `tpdu`,
 * `binary2`, `ascii4`, `bcd2`, `base24`) or a prefix token (`2b`, `2bi` inclusive, `3b`, `4b`,
 * `2bcd`, `4a` ASCII digits, `etx`) followed by `+tpdu`, `+hN` (N header bytes), `+maxN`.
 *
 * @example
 * ```ts
 * parseFrameSpec('2b+tpdu+h6'); // { length: { kind: 'binary', size: 2 }, tpdu: true, headerLength: 6 }
 * ```
 */
export function parseFrameSpec(text: string): FrameSpec {
  const lower = text.trim().toLowerCase();
  const preset = (Object.keys(frameSpecs) as Array<keyof typeof frameSpecs>).find((k) => k.toLowerCase() === lower);
  if (preset) return frameSpecs[preset];
  const [first, ...rest] = lower.split('+');
  const length = first === undefined ? undefined : PREFIX_TOKENS[first];
  if (!length) return fail('FRAME_SPEC_INVALID', `unknown length prefix '${first ?? ''}' (expected one of ${Object.keys(PREFIX_TOKENS).join(', ')} or a preset)`, { path: 'frame' });
  let tpdu = false;
  let headerLength = 0;
  let maxFrameSize: number | undefined;
  for (const token of rest) {
    const m = /^(h|max)(\d{1,7})$/.exec(token);
    if (token === 'tpdu') tpdu = true;
    else if (m && m[1] === 'h') headerLength = Number(m[2]);
    else if (m) maxFrameSize = Number(m[2]);
    else fail('FRAME_SPEC_INVALID', `unknown frame option '${token}' (expected tpdu, hN or maxN)`, { path: 'frame' });
  }
  const spec: FrameSpec = maxFrameSize === undefined ? { length, tpdu, headerLength } : { length, tpdu, headerLength, maxFrameSize };
  compileFrameSpec(spec);
  return spec;
}
