/**
 * The `start`/`end` window that the byte decoders accept: checked once, before any loop is sized
 * by it, so that a wrong `end` is an error instead of `undefined` bytes read as zeros (or a loop
 * of a caller-declared length).
 */
import { fail } from '../errors/error';

/** Throw `INVALID_ARGUMENT` unless `0 <= start <= end <= bytes.length`, all integers. */
export function checkRange(bytes: Uint8Array, start: number, end: number, path = ''): void {
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || start > end || end > bytes.length) {
    fail('INVALID_ARGUMENT', `byte range ${start}..${end} is not within 0..${bytes.length}`, { path });
  }
}
