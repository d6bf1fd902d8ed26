/**
 * Application File Locator (tag 94, EMV 4.4 Book 3 §10.2): 4-byte entries of SFI, first record,
 * last record and the number of records (from the first) used in offline data authentication.
 */
import { fail } from '../core/index';

/** One AFL entry. */
export interface AflEntry {
  /** Short File Identifier, 1-30. */
  readonly sfi: number;
  readonly firstRecord: number;
  readonly lastRecord: number;
  /** Records, counted from the first, whose data enter offline data authentication. */
  readonly offlineAuthenticationRecords: number;
}

/** One record to read, from {@link aflRecords}. */
export interface AflRecord {
  readonly sfi: number;
  readonly record: number;
  /** The record takes part in offline data authentication. */
  readonly offlineAuthentication: boolean;
}

/**
 * Parse an AFL. Rejects (`AFL_INVALID`, with the offset of the entry) a length that is not a
 * multiple of 4, an SFI of 0 or 31 or with bits 3-1 set, a first record of 0, a last record before
 * the first, and more ODA records than the entry holds (Book 3 §10.2).
 *
 * @example
 * ```ts
 * parseAfl(hex('0801010010010100'));
 * // [{ sfi: 1, firstRecord: 1, lastRecord: 1, offlineAuthenticationRecords: 0 },
 * //  { sfi: 2, firstRecord: 1, lastRecord: 1, offlineAuthenticationRecords: 0 }]
 * ```
 */
export function parseAfl(afl: Uint8Array, options: { readonly path?: string } = {}): AflEntry[] {
  const path = options.path ?? '94';
  if (afl.length % 4 !== 0) fail('AFL_INVALID', `AFL length ${afl.length} is not a multiple of 4`, { path, offset: afl.length - (afl.length % 4) });
  const out: AflEntry[] = [];
  for (let i = 0; i < afl.length; i += 4) {
    const b = afl[i]!;
    const sfi = b >> 3;
    const firstRecord = afl[i + 1]!;
    const lastRecord = afl[i + 2]!;
    const oda = afl[i + 3]!;
    if ((b & 7) !== 0 || sfi === 0 || sfi === 31) fail('AFL_INVALID', 'SFI must be 1-30 in bits 8-4 with bits 3-1 zero', { path, offset: i });
    if (firstRecord === 0) fail('AFL_INVALID', 'first record number is 0', { path, offset: i + 1 });
    if (lastRecord < firstRecord) fail('AFL_INVALID', 'last record is before the first', { path, offset: i + 2 });
    if (oda > lastRecord - firstRecord + 1) fail('AFL_INVALID', 'more offline-authentication records than the entry holds', { path, offset: i + 3 });
    out.push({ sfi, firstRecord, lastRecord, offlineAuthenticationRecords: oda });
  }
  return out;
}

/**
 * Encode AFL entries.
 *
 * @example
 * ```ts
 * toHex(encodeAfl([{ sfi: 2, firstRecord: 1, lastRecord: 3, offlineAuthenticationRecords: 1 }])); // '10010301'
 * ```
 */
export function encodeAfl(entries: readonly AflEntry[]): Uint8Array {
  const out = new Uint8Array(entries.length * 4);
  entries.forEach((e, k) => {
    const ok =
      [e.sfi, e.firstRecord, e.lastRecord, e.offlineAuthenticationRecords].every((n) => Number.isInteger(n) && n >= 0 && n <= 255) &&
      e.sfi >= 1 && e.sfi <= 30 && e.firstRecord >= 1 && e.lastRecord >= e.firstRecord &&
      e.offlineAuthenticationRecords <= e.lastRecord - e.firstRecord + 1;
    if (!ok) fail('AFL_INVALID', 'AFL entry out of range', { path: `94[${k}]` });
    out.set([e.sfi << 3, e.firstRecord, e.lastRecord, e.offlineAuthenticationRecords], 4 * k);
  });
  return out;
}

/**
 * Every record an AFL names, in reading order, marked for offline data authentication.
 *
 * @example
 * ```ts
 * aflRecords(parseAfl(hex('10010302')));
 * // [{ sfi: 2, record: 1, offlineAuthentication: true }, { sfi: 2, record: 2, offlineAuthentication: true },
 * //  { sfi: 2, record: 3, offlineAuthentication: false }]
 * ```
 */
export function aflRecords(entries: readonly AflEntry[]): AflRecord[] {
  const out: AflRecord[] = [];
  for (const e of entries) {
    for (let r = e.firstRecord; r <= e.lastRecord; r++) {
      out.push({ sfi: e.sfi, record: r, offlineAuthentication: r - e.firstRecord < e.offlineAuthenticationRecords });
    }
  }
  return out;
}
