/**
 * Masked records (DESIGN.md §2): every result the track layer returns carries the raw values as
 * properties for the callers that need them, but prints masked through `toString`, `toJSON` and
 * Node's inspect. `reveal()` is the one explicit way to get a plain object with the clear values.
 */
import { inspectSymbol } from '../core/index';

/**
 * Base of the track layer's result objects: masked when printed, clear through `reveal()`.
 *
 * @example
 * ```ts
 * const t = parseTrack2(';4761739001010010=25122011143804400000?'); // a MaskedRecord
 * JSON.stringify(t); // '{"pan":"476173******0010","expiry":"****","serviceCode":"201","discretionaryData":"[redacted 13 chars]"}'
 * t.reveal().pan;    // '4761739001010010'
 * ```
 */
export abstract class MaskedRecord<Revealed extends object> {
  /** The clear values as a plain object. Never log it. */
  abstract reveal(): Revealed;

  /** The masked values, as `toJSON`, `toString` and inspect show them. */
  protected abstract masked(): Record<string, unknown>;

  /** The record's name in `toString` and inspect output. */
  protected abstract readonly kind: string;

  /** The masked view (what `JSON.stringify` writes). */
  toJSON(): Record<string, unknown> {
    return this.masked();
  }

  /** `Kind {"pan":"476173******0010",...}` with every sensitive value masked. */
  toString(): string {
    return `${this.kind} ${JSON.stringify(this.masked())}`;
  }

  /** Node's `util.inspect` (and so `console.log`) prints the masked view. */
  [inspectSymbol](): string {
    return this.toString();
  }
}
