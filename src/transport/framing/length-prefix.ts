/**
 * Length prefixes: the bytes in front of a message on a stream socket that say how long it is.
 * Acquirer links use a handful of encodings: 2-byte binary big-endian (the most common, and the
 * UnionPay POS link), 2-byte BCD, 4 ASCII digits, 4-byte and 3-byte binary; BASE24-style links
 * instead end each message with ETX (0x03). A prefix counts the bytes after it, unless it is
 * declared `inclusive` (some hosts count the prefix itself).
 */
import { fail } from '../../core/index';

/** How the length of a frame is written on the wire. */
export type LengthPrefix =
  /** `size` bytes, big-endian; `inclusive` when the value counts the prefix too. */
  | { readonly kind: 'binary'; readonly size: 1 | 2 | 3 | 4; readonly inclusive?: boolean }
  /** `size` bytes of packed BCD (2 bytes = 4 digits, up to 9999). */
  | { readonly kind: 'bcd'; readonly size: 1 | 2 | 3 }
  /** `digits` ASCII decimal digits (4 digits = up to 9999). */
  | { readonly kind: 'ascii'; readonly digits: 2 | 3 | 4 | 5 | 6 }
  /** No prefix: each frame ends with the `etx` byte (default 0x03), BASE24 style. */
  | { readonly kind: 'etx'; readonly etx?: number }
  /** A prefix of your own: `size` bytes, `encode`/`decode` to and from the length. */
  | {
      readonly kind: 'custom';
      readonly size: number;
      readonly maxLength: number;
      encode(length: number): Uint8Array;
      /** Return the length, or throw a CardwireError (FRAME_LENGTH_INVALID) for a bad prefix. */
      decode(prefix: Uint8Array): number;
    };

/** A prefix compiled into reader and writer functions (internal). */
export interface CompiledPrefix {
  /** Bytes of the prefix; 0 for ETX framing. */
  readonly size: number;
  /** The largest length the prefix can express. */
  readonly maxLength: number;
  /** The ETX byte, or -1 for length-prefixed framing. */
  readonly etx: number;
  /** The length at `bytes[at..at+size)`, or -1 when the prefix is not a valid encoding. */
  read(bytes: Uint8Array, at: number): number;
  /** Write `length` (already checked against maxLength) at `out[at]`. */
  write(length: number, out: Uint8Array, at: number): void;
}

function invalidSpec(message: string): never {
  return fail('FRAME_SPEC_INVALID', message, { path: 'frame.length' });
}

function binary(size: 1 | 2 | 3 | 4, inclusive: boolean): CompiledPrefix {
  const bias = inclusive ? size : 0;
  return {
    size,
    etx: -1,
    maxLength: 2 ** (8 * size) - 1 - bias,
    read(bytes, at) {
      let v = 0;
      // Multiply rather than shift: a 4-byte value above 2^31 must stay positive.
      for (let k = 0; k < size; k++) v = v * 256 + bytes[at + k]!;
      return v < bias ? -1 : v - bias;
    },
    write(length, out, at) {
      let v = length + bias;
      for (let k = size - 1; k >= 0; k--) {
        out[at + k] = v % 256;
        v = Math.floor(v / 256);
      }
    },
  };
}

function bcd(size: 1 | 2 | 3): CompiledPrefix {
  return {
    size,
    etx: -1,
    maxLength: 10 ** (2 * size) - 1,
    read(bytes, at) {
      let v = 0;
      for (let k = 0; k < size; k++) {
        const b = bytes[at + k]!;
        const hi = b >> 4;
        const lo = b & 15;
        if (hi > 9 || lo > 9) return -1;
        v = v * 100 + hi * 10 + lo;
      }
      return v;
    },
    write(length, out, at) {
      let v = length;
      for (let k = size - 1; k >= 0; k--) {
        const two = v % 100;
        out[at + k] = ((two / 10) | 0) * 16 + (two % 10);
        v = Math.floor(v / 100);
      }
    },
  };
}

function ascii(digits: 2 | 3 | 4 | 5 | 6): CompiledPrefix {
  return {
    size: digits,
    etx: -1,
    maxLength: 10 ** digits - 1,
    read(bytes, at) {
      let v = 0;
      for (let k = 0; k < digits; k++) {
        const d = bytes[at + k]! - 48;
        if (d < 0 || d > 9) return -1;
        v = v * 10 + d;
      }
      return v;
    },
    write(length, out, at) {
      let v = length;
      for (let k = digits - 1; k >= 0; k--) {
        out[at + k] = 48 + (v % 10);
        v = Math.floor(v / 10);
      }
    },
  };
}

function custom(prefix: Extract<LengthPrefix, { kind: 'custom' }>): CompiledPrefix {
  const { size, maxLength } = prefix;
  if (!Number.isInteger(size) || size < 1 || size > 16) invalidSpec(`a custom prefix must be 1 to 16 bytes, got ${size}`);
  if (!Number.isInteger(maxLength) || maxLength < 0) invalidSpec('a custom prefix needs a non-negative integer maxLength');
  return {
    size,
    etx: -1,
    maxLength,
    read(bytes, at) {
      let v: number;
      try {
        v = prefix.decode(bytes.slice(at, at + size));
      } catch {
        return -1;
      }
      return Number.isSafeInteger(v) && v >= 0 ? v : -1;
    },
    write(length, out, at) {
      const p = prefix.encode(length);
      if (p.length !== size) fail('FRAME_SPEC_INVALID', `custom prefix encoded ${p.length} bytes, expected ${size}`, { path: 'frame.length' });
      out.set(p, at);
    },
  };
}

/** Compile a {@link LengthPrefix} (internal; validates the spec). */
export function compilePrefix(prefix: LengthPrefix): CompiledPrefix {
  switch (prefix.kind) {
    case 'binary':
      if (![1, 2, 3, 4].includes(prefix.size)) invalidSpec(`a binary prefix is 1 to 4 bytes, got ${String(prefix.size)}`);
      return binary(prefix.size, prefix.inclusive === true);
    case 'bcd':
      if (![1, 2, 3].includes(prefix.size)) invalidSpec(`a BCD prefix is 1 to 3 bytes, got ${String(prefix.size)}`);
      return bcd(prefix.size);
    case 'ascii':
      if (![2, 3, 4, 5, 6].includes(prefix.digits)) invalidSpec(`an ASCII prefix is 2 to 6 digits, got ${String(prefix.digits)}`);
      return ascii(prefix.digits);
    case 'etx': {
      const etx = prefix.etx ?? 0x03;
      if (!Number.isInteger(etx) || etx < 0 || etx > 255) invalidSpec('the ETX byte must be 0 to 255');
      return { size: 0, etx, maxLength: Number.MAX_SAFE_INTEGER, read: () => -1, write: () => undefined };
    }
    case 'custom':
      return custom(prefix);
    default: {
      const never: never = prefix;
      return invalidSpec(`unknown length prefix kind ${String((never as { kind: unknown }).kind)}`);
    }
  }
}
