/**
 * The TPDU (transport protocol data unit) header that POS networks put in front of an ISO 8583
 * message: 1 byte id (0x60 for transactions), a 2-byte destination address and a 2-byte source
 * address (the NII of the host and of the terminal, usually written as 4 BCD digits: `6000030000`
 * is id 60, destination 0003, source 0000). A host answers with source and destination swapped.
 */
import { fail } from '../../core/index';

/** Bytes in a TPDU. */
export const TPDU_LENGTH = 5;

/** A decoded TPDU. Addresses are 16-bit values, shown as 4 hex digits (the BCD NII). */
export interface Tpdu {
  /** Protocol id: 0x60 for ISO 8583 transactions. */
  readonly id: number;
  /** Destination address (the host's NII on a request). */
  readonly destination: number;
  /** Source address (the terminal's address on a request). */
  readonly source: number;
}

/**
 * Read a TPDU from `bytes[offset..offset+5)`.
 *
 * @example
 * ```ts
 * decodeTpdu(hex('6000030000')); // { id: 0x60, destination: 0x0003, source: 0x0000 }
 * ```
 */
export function decodeTpdu(bytes: Uint8Array, offset = 0): Tpdu {
  if (offset < 0 || bytes.length - offset < TPDU_LENGTH) {
    fail('TPDU_INVALID', `a TPDU is ${TPDU_LENGTH} bytes, found ${Math.max(0, bytes.length - offset)}`, { path: 'frame.tpdu', offset });
  }
  return {
    id: bytes[offset]!,
    destination: (bytes[offset + 1]! << 8) | bytes[offset + 2]!,
    source: (bytes[offset + 3]! << 8) | bytes[offset + 4]!,
  };
}

function check(value: number, max: number, name: string): void {
  if (!Number.isInteger(value) || value < 0 || value > max) fail('TPDU_INVALID', `${name} must be an integer from 0 to ${max}`, { path: `frame.tpdu.${name}` });
}

/** Write `tpdu` into `out` at `at` (internal; validates the values). */
export function writeTpdu(tpdu: Tpdu, out: Uint8Array, at: number): void {
  check(tpdu.id, 0xff, 'id');
  check(tpdu.destination, 0xffff, 'destination');
  check(tpdu.source, 0xffff, 'source');
  out[at] = tpdu.id;
  out[at + 1] = tpdu.destination >> 8;
  out[at + 2] = tpdu.destination & 0xff;
  out[at + 3] = tpdu.source >> 8;
  out[at + 4] = tpdu.source & 0xff;
}

/**
 * Encode a TPDU as 5 bytes.
 *
 * @example
 * ```ts
 * toHex(encodeTpdu({ id: 0x60, destination: 0x0003, source: 0x0000 })); // '6000030000'
 * ```
 */
export function encodeTpdu(tpdu: Tpdu): Uint8Array {
  const out = new Uint8Array(TPDU_LENGTH);
  writeTpdu(tpdu, out, 0);
  return out;
}

/**
 * The TPDU of a reply: same id, source and destination swapped.
 *
 * @example
 * ```ts
 * replyTpdu({ id: 0x60, destination: 0x0003, source: 0x0000 }); // { id: 0x60, destination: 0x0000, source: 0x0003 }
 * ```
 */
export function replyTpdu(tpdu: Tpdu): Tpdu {
  return { id: tpdu.id, destination: tpdu.source, source: tpdu.destination };
}

/**
 * A TPDU for people: `'60 0003 0000'` (id, destination, source in hex).
 *
 * @example
 * ```ts
 * formatTpdu({ id: 0x60, destination: 3, source: 0 }); // '60 0003 0000'
 * ```
 */
export function formatTpdu(tpdu: Tpdu): string {
  const h = (v: number, n: number): string => v.toString(16).toUpperCase().padStart(n, '0');
  return `${h(tpdu.id, 2)} ${h(tpdu.destination, 4)} ${h(tpdu.source, 4)}`;
}
