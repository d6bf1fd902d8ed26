/**
 * The one error class of the SDK (DESIGN.md §3): a stable `code`, a `path` in the caller's terms
 * and, when decoding, the byte `offset` in the input. Messages never contain sensitive values.
 */
import { errorCodes, type CardwireErrorCode } from './codes/index';

/** Options accepted by the {@link CardwireError} constructor. */
export interface CardwireErrorOptions {
  /** Where, in the caller's terms: `'track2.expiry'`, `'DE55.9F26'`, `'frame.length'`. */
  readonly path?: string;
  /** Byte (or character, for text inputs) offset in the input being decoded. */
  readonly offset?: number;
  /** The error that led to this one, if any. */
  readonly cause?: unknown;
  /** Whatever was decoded before the failure (for example the ISO 8583 fields parsed so far). */
  readonly partial?: unknown;
}

/**
 * An error raised by cardwire.
 *
 * @example
 * ```ts
 * try { hex('ABC'); } catch (e) {
 *   if (isCardwireError(e)) console.log(e.code, e.offset); // HEX_ODD_LENGTH 3
 * }
 * ```
 */
export class CardwireError extends Error {
  override readonly name = 'CardwireError';
  /** Stable, machine-readable code from {@link CardwireErrorCode}. */
  readonly code: CardwireErrorCode;
  /** Where the error is, in the caller's terms; `''` when the whole input is meant. */
  readonly path: string;
  /** Byte or character offset in the input, when decoding. */
  readonly offset: number | undefined;
  /** What had been decoded before the failure, when the decoder can offer it. */
  readonly partial: unknown;

  constructor(code: CardwireErrorCode, message: string, options: CardwireErrorOptions = {}) {
    const where =
      (options.path ? ` at ${options.path}` : '') + (options.offset !== undefined ? ` (offset ${options.offset})` : '');
    super(`${code}${where}: ${message}`, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.path = options.path ?? '';
    this.offset = options.offset;
    this.partial = options.partial;
  }

  /** A plain object with the code, path, offset and message (no partial data, which may be sensitive). */
  toJSON(): { name: string; code: CardwireErrorCode; path: string; offset: number | undefined; message: string } {
    return { name: this.name, code: this.code, path: this.path, offset: this.offset, message: this.message };
  }
}

/**
 * True when `e` is a cardwire error. Checks the shape, not `instanceof`, so an error thrown by the
 * CJS build is recognised by the ESM build and the other way round.
 *
 * @example
 * ```ts
 * isCardwireError(new CardwireError('HEX_ODD_LENGTH', 'odd')); // true
 * isCardwireError(new Error('x')); // false
 * ```
 */
export function isCardwireError(e: unknown): e is CardwireError {
  if (typeof e !== 'object' || e === null) return false;
  const r = e as { name?: unknown; code?: unknown; path?: unknown };
  return (
    r.name === 'CardwireError' &&
    typeof r.code === 'string' &&
    Object.prototype.hasOwnProperty.call(errorCodes, r.code) &&
    typeof r.path === 'string'
  );
}

/**
 * Shorthand used by decoders: throw a {@link CardwireError}.
 *
 * @example
 * ```ts
 * if (value.length !== 5) fail('EMV_VALUE_LENGTH', `TVR is 5 bytes, got ${value.length}`, { path: '95', offset: 0 });
 * ```
 */
export function fail(code: CardwireErrorCode, message: string, options?: CardwireErrorOptions): never {
  throw new CardwireError(code, message, options);
}
